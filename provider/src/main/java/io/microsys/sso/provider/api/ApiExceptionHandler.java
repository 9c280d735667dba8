package io.microsys.sso.provider.api;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import io.microsys.sso.provider.access.AccessRefusedException;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.TargetHiddenException;
import io.microsys.sso.provider.admin.apps.AppChangedMeanwhileException;
import io.microsys.sso.provider.admin.users.ChangedMeanwhileException;

/**
 * Every error of the admin API's handlers as {@code application/problem+json} with a stable type
 * ({@link ApiProblem}): refusals of the access policy (403 with the reason and the permission, or
 * 404 for a target the caller may not see), lost updates (412), Spring MVC's own errors (bad
 * JSON, a missing parameter, a wrong method) and, should one ever happen, an unexpected failure
 * (500, logged, without its stack trace in the answer).
 */
@RestControllerAdvice(basePackages = "io.microsys.sso.provider.api")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Object> api(ApiException ex, HttpServletRequest request) {
		return answer(ex.body(), request, null);
	}

	@ExceptionHandler(TargetHiddenException.class)
	ResponseEntity<Object> hidden(TargetHiddenException ex, HttpServletRequest request) {
		return answer(ApiProblems.of(ApiProblem.NOT_FOUND, "There is no such resource here."), request, null);
	}

	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<Object> notFound(NotFoundException ex, HttpServletRequest request) {
		return answer(ApiProblems.of(ApiProblem.NOT_FOUND, "There is no such resource here."), request, null);
	}

	@ExceptionHandler(AccessRefusedException.class)
	ResponseEntity<Object> refused(AccessRefusedException ex, HttpServletRequest request) {
		ProblemDetail body = ApiProblems.of(ApiProblem.FORBIDDEN, "The caller may not do this.");
		if (ex.decision() != null && ex.decision().reason() != null) {
			body.setProperty("reason", ex.decision().reason().code());
		}
		if (ex.decision() != null && ex.decision().permission() != null) {
			body.setProperty("permission", ex.decision().permission().code());
		}
		return answer(body, request, null);
	}

	@ExceptionHandler({ ChangedMeanwhileException.class, AppChangedMeanwhileException.class })
	ResponseEntity<Object> changedMeanwhile(RuntimeException ex, HttpServletRequest request) {
		return answer(ApiProblems.of(ApiProblem.CHANGED_MEANWHILE,
				"The resource changed since it was read: read it again and send its new ETag in If-Match."), request,
				null);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
		logger.error("Admin API request {} {} failed", request.getMethod(), request.getRequestURI(), ex);
		return answer(ApiProblems.of(ApiProblem.INTERNAL, "The request could not be completed."), request, null);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<ApiException.FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new ApiException.FieldError(error.getField(),
					(error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is not valid"))
			.toList();
		ProblemDetail body = ApiProblems.of(ApiProblem.INVALID_REQUEST, "Some fields are not valid.");
		body.setProperty("errors", errors);
		return answer(body, servlet(request), headers);
	}

	/** A body member its type does not have: 400 naming it (its path, as {@code policy.requireConsent}). */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) {
			StringBuilder field = new StringBuilder();
			for (DatabindException.Reference reference : unknown.getPath()) {
				if (reference.getPropertyName() != null) {
					field.append((field.length() > 0) ? "." : "").append(reference.getPropertyName());
				}
				else if (reference.getIndex() >= 0) {
					field.append('[').append(reference.getIndex()).append(']');
				}
			}
			ProblemDetail body = ApiProblems.of(ApiProblem.INVALID_REQUEST, "Some fields are not valid.");
			body.setProperty("errors", List.of(new ApiException.FieldError(field.toString(), "is not a field here")));
			return answer(body, servlet(request), headers);
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	/** Spring MVC's own errors (their status and detail), typed as ours. */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail given) ? given
				: ProblemDetail.forStatus(statusCode);
		ApiProblem kind = ApiProblem.ofStatus(statusCode.value());
		problem.setType(kind.type());
		problem.setTitle(kind.title());
		return answer(problem, servlet(request), headers);
	}

	private static HttpServletRequest servlet(WebRequest request) {
		return (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
	}

	static ResponseEntity<Object> answer(ProblemDetail body, HttpServletRequest request, HttpHeaders headers) {
		ApiProblems.withInstance(body, request);
		HttpHeaders answered = new HttpHeaders();
		if (headers != null) {
			answered.putAll(headers);
		}
		answered.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		answered.setCacheControl("no-store");
		return ResponseEntity.status(body.getStatus()).headers(answered).body(body);
	}

}
