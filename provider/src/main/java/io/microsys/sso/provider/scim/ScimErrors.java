package io.microsys.sso.provider.scim;

import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ForbiddenException;
import de.captaingoldfish.scim.sdk.common.exceptions.PreconditionFailedException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import io.microsys.sso.provider.access.AccessRefusedException;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.TargetHiddenException;
import io.microsys.sso.provider.admin.groups.GroupChangedMeanwhileException;
import io.microsys.sso.provider.admin.users.PeopleProvisioning;

/**
 * Turns the console services' refusals into SCIM errors (RFC 7644 §3.12), so the SDK answers them
 * with their status instead of a 500: missing or hidden → 404 (the same answer), refused by the
 * policy → 403, a value refused → 400 ({@code invalidValue}) or 409 ({@code uniqueness}), changed
 * since the ETag → 412. Messages are the console's, in English.
 */
@Component
class ScimErrors {

	private final MessageSource messages;

	ScimErrors(MessageSource messages) {
		this.messages = messages;
	}

	<T> T translate(Supplier<T> work) {
		try {
			return work.get();
		}
		catch (TargetHiddenException | NotFoundException ex) {
			throw new ResourceNotFoundException("No such resource.", null, null);
		}
		catch (AccessRefusedException ex) {
			throw new ForbiddenException("The caller may not do this (" + ex.getMessage() + ").");
		}
		catch (PeopleProvisioning.Refused ex) {
			String message = ex.field() + ": "
					+ this.messages.getMessage(ex.messageKey(), null, ex.messageKey(), Locale.ENGLISH);
			if (ex.taken()) {
				throw new ConflictException(message, null, ScimType.RFC7644.UNIQUENESS);
			}
			throw new BadRequestException(message, null, ScimType.RFC7644.INVALID_VALUE);
		}
		catch (GroupChangedMeanwhileException ex) {
			throw new PreconditionFailedException("The resource changed since it was read: read it again.");
		}
		catch (PeopleProvisioning.Stale ex) {
			throw new PreconditionFailedException("The resource changed since it was read: read it again.");
		}
	}

	void run(Runnable work) {
		translate(() -> {
			work.run();
			return null;
		});
	}

}
