package io.microsys.sso.provider.api;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API reads its request bodies strictly: a member the body's type does not have is
 * refused (400 naming it, by {@link ApiExceptionHandler}) instead of being dropped, so a typo
 * ({@code "requireSecondfactor"}, {@code "scope"} for {@code "scopeId"}) never passes silently
 * and resets what it meant to set. Only the API's own body types are read this way; every other
 * JSON the provider reads, and every answer, goes through the application's usual converter.
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonBodies {

	/** The package whose body types are read strictly. */
	private static final String API_PACKAGE = ApiJsonBodies.class.getPackageName() + ".";

	@Bean
	ServerHttpMessageConvertersCustomizer adminApiStrictBodies(JsonMapper mapper) {
		JsonMapper strict = mapper.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		return (converters) -> converters.addCustomConverter(new StrictReader(strict));
	}

	/** Reads (never writes) the API's body types with the strict mapper. */
	static final class StrictReader extends JacksonJsonHttpMessageConverter {

		StrictReader(JsonMapper mapper) {
			super(mapper);
		}

		@Override
		public boolean canRead(ResolvableType type, MediaType mediaType) {
			return isApiType(type.toClass()) && super.canRead(type, mediaType);
		}

		@Override
		public boolean canRead(Class<?> clazz, MediaType mediaType) {
			return isApiType(clazz) && super.canRead(clazz, mediaType);
		}

		@Override
		public boolean canWrite(ResolvableType type, Class<?> clazz, MediaType mediaType) {
			return false;
		}

		@Override
		public boolean canWrite(Class<?> clazz, MediaType mediaType) {
			return false;
		}

		static boolean isApiType(Class<?> type) {
			return type != null && type.getName().startsWith(API_PACKAGE);
		}

	}

}
