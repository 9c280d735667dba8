package io.microsys.sso.provider.access;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The console refused an action: 403 with the error page. Thrown by {@link AccessGuard}. */
@ResponseStatus(HttpStatus.FORBIDDEN)
public class AccessRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Decision decision;

	AccessRefusedException(Decision decision) {
		super("Refused: " + decision.reason().code());
		this.decision = decision;
	}

	/** The policy's decision. */
	public Decision decision() {
		return this.decision;
	}

}
