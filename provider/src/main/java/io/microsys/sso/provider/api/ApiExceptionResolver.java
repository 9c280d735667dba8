package io.microsys.sso.provider.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors under the admin API's paths that no API handler saw: no such path (404), a method the
 * path does not take (405, with {@code Allow}), a media type it does not answer. They are
 * answered as problem details too, rather than by the error page meant for people.
 */
class ApiExceptionResolver implements HandlerExceptionResolver {

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (handler != null && !(handler instanceof org.springframework.web.servlet.resource.ResourceHttpRequestHandler)
				|| !AdminApi.isApiPath(request.getRequestURI().substring(request.getContextPath().length()))
				|| !(ex instanceof ErrorResponse error)) {
			return null;
		}
		ApiProblem kind = ApiProblem.ofStatus(error.getStatusCode().value());
		ProblemDetail body = ApiProblems.of(kind, error.getBody().getDetail());
		try {
			HttpHeaders headers = error.getHeaders();
			headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			ApiProblems.write(request, response, body);
		}
		catch (java.io.IOException failed) {
			return null;
		}
		return new ModelAndView();
	}

}
