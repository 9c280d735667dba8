package io.microsys.sso.provider.access;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The person (or other target) is outside what the actor may see: 404, exactly as for one that
 * does not exist, so its existence does not leak. Thrown by {@link AccessGuard}.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class TargetHiddenException extends AccessRefusedException {

	private static final long serialVersionUID = 1L;

	TargetHiddenException(Decision decision) {
		super(decision);
	}

}
