package io.microsys.sso.provider.api.logs;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.admin.logs.ActivityLog;
import io.microsys.sso.provider.admin.logs.LogFilter;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiProblem;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;

/**
 * Turns the admin API's log filters (query parameters, times in RFC 3339) into the console's
 * {@link LogFilter}, checked with the same rules as the page: a 400 listing every bad parameter.
 */
@Component
class LogQueries {

	private final Validator validator;

	private final ActivityLog log;

	LogQueries(Validator validator, ActivityLog log) {
		this.validator = validator;
		this.log = log;
	}

	/** The query parameters the list and the export take. */
	record Parameters(String actor, String action, String type, String targetType, String targetId, Long scopeId,
			String from, String to, String ip) {
	}

	LogFilter filter(Actor actor, Parameters p) {
		List<ApiException.FieldError> errors = new ArrayList<>();
		AuditAction action = parse(AuditAction.class, p.action(), "action", errors);
		AuditEventType type = parse(AuditEventType.class, p.type(), "type", errors);
		LocalDateTime from = time(p.from(), "from", errors);
		LocalDateTime to = time(p.to(), "to", errors);
		if (!errors.isEmpty()) {
			throw invalid(errors);
		}
		LogFilter filter = new LogFilter(p.actor(), action, type, p.targetType(), p.targetId(), p.scopeId(), from, to,
				p.ip(), null, null);
		for (ConstraintViolation<LogFilter> violation : this.validator.validate(filter)) {
			String field = violation.getPropertyPath().toString();
			errors.add(new ApiException.FieldError(switch (field) {
				case "rangeInOrder" -> "to";
				case "scope" -> "scopeId";
				default -> field;
			}, violation.getMessage()));
		}
		if (errors.isEmpty()) {
			String problem = this.log.filterProblem(actor, filter);
			if (problem != null) {
				errors.add(new ApiException.FieldError("scopeId", problem));
			}
		}
		if (!errors.isEmpty()) {
			throw invalid(errors);
		}
		return filter;
	}

	private static ApiException invalid(List<ApiException.FieldError> errors) {
		List<ApiException.FieldError> sorted = new ArrayList<>(errors);
		sorted.sort(Comparator.comparing(ApiException.FieldError::field));
		return new ApiException(ApiProblem.INVALID_REQUEST, "Some filters are not valid.").with("errors", sorted);
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value, String field,
			List<ApiException.FieldError> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			errors.add(new ApiException.FieldError(field, "is not a known " + field));
			return null;
		}
	}

	/** An RFC 3339 time ({@code 2026-12-01T08:30:00Z}) as the UTC wall-clock time the log stores. */
	private static LocalDateTime time(String value, String field, List<ApiException.FieldError> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.ofInstant(OffsetDateTime.parse(value.trim()).toInstant(), ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			errors.add(new ApiException.FieldError(field, "must be a time such as 2026-12-01T08:30:00Z"));
			return null;
		}
	}

}
