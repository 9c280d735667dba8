package io.microsys.sso.provider.api;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The answers every API handler gives the same way: a page of a list with its {@code Link} to the
 * next page, a resource with its {@code ETag}, a created resource with its {@code Location}.
 */
public final class ApiResponses {

	private ApiResponses() {
	}

	/** A page of a list; when there is a next page, {@code Link: <…?after=…>; rel="next"} too. */
	public static <T> ResponseEntity<ItemsPage<T>> page(ItemsPage<T> page, HttpServletRequest request) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store");
		if (page.next() != null) {
			URI next = ServletUriComponentsBuilder.fromRequest(request)
				.replaceQueryParam("after", page.next())
				.build()
				.toUri();
			answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
		}
		return answer.body(page);
	}

	/** A resource at this version, with its {@code ETag}. */
	public static <T> ResponseEntity<T> resource(T body, long version) {
		return ResponseEntity.ok().eTag(ETags.of(version)).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
	}

	/**
	 * A resource just created: 201 with its {@code Location} ({@code path} below the API's base,
	 * such as {@code /people/<id>}) and {@code ETag}.
	 */
	public static <T> ResponseEntity<T> created(T body, String path, long version) {
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path(AdminApi.BASE + path).build().toUri();
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(location)
			.eTag(ETags.of(version))
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(body);
	}

}
