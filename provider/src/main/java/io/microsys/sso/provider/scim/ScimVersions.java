package io.microsys.sso.provider.scim;

import java.util.Map;
import java.util.Optional;

import de.captaingoldfish.scim.sdk.common.etag.ETag;
import de.captaingoldfish.scim.sdk.common.exceptions.PreconditionFailedException;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;

/**
 * The stored version a SCIM change is based on: the {@code If-Match} the client sent, else (a
 * PATCH) the {@code meta.version} of the resource as the SDK read it before applying the patch.
 * Versions are the rows' version numbers; a tag that is none of ours cannot match (412).
 */
final class ScimVersions {

	private ScimVersions() {
	}

	/** The version in {@code If-Match}; empty without one or for {@code *}. */
	static Optional<Long> ifMatch(Context context) {
		Map<String, String> headers = context.getUriInfos().getHttpHeaders();
		String ifMatch = null;
		if (headers != null) {
			// Compared as HTTP does: the SDK hands the headers on in a map of its own.
			for (Map.Entry<String, String> header : headers.entrySet()) {
				if ("If-Match".equalsIgnoreCase(header.getKey())) {
					ifMatch = header.getValue();
				}
			}
		}
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
			return Optional.empty();
		}
		return Optional.of(number(ifMatch.trim()));
	}

	/** {@link #ifMatch}, else the version of the resource as read for the change. */
	static Optional<Long> expected(ResourceNode resource, Context context) {
		Optional<Long> ifMatch = ifMatch(context);
		if (ifMatch.isPresent()) {
			return ifMatch;
		}
		return resource.getMeta().flatMap(Meta::getVersion).map(ETag::getTag).map(ScimVersions::tag);
	}

	private static long number(String header) {
		String tag;
		try {
			tag = ETag.parseETag(header).getTag();
		}
		catch (RuntimeException ex) {
			throw stale();
		}
		return tag(tag);
	}

	private static long tag(String tag) {
		try {
			return Long.parseLong(tag);
		}
		catch (NumberFormatException ex) {
			throw stale();
		}
	}

	private static PreconditionFailedException stale() {
		return new PreconditionFailedException("The resource changed since it was read: read it again.");
	}

}
