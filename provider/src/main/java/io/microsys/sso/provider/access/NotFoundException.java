package io.microsys.sso.provider.access;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * What a console page names does not exist: the same 404 page as for a target the actor may not see
 * ({@link TargetHiddenException}), so the two cannot be told apart.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class NotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public NotFoundException(String what) {
		super("Not found: " + what);
	}

}
