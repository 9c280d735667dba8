package io.microsys.sso.provider.session;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * Sessions live in the database (Spring Session JDBC), their attributes in Java serialization as
 * Spring Session writes them; reading resolves classes that moved since a session was stored, so
 * an upgrade signs nobody out.
 */
@Configuration(proxyBeanMethods = false)
class SessionStorage implements BeanClassLoaderAware {

	private ClassLoader classLoader;

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> movedClassesInSessions() {
		GenericConversionService conversions = attributeConversions(this.classLoader);
		return (repository) -> repository.setConversionService(conversions);
	}

	/** Writes attributes as Spring Session does; reads them with the former class names resolved. */
	static GenericConversionService attributeConversions(ClassLoader classLoader) {
		GenericConversionService conversions = new GenericConversionService();
		conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
		conversions.addConverter(byte[].class, Object.class, new DeserializingConverter(
				(in) -> {
					try {
						return SsoUserDetails.MOVED.objectInputStream(in, classLoader).readObject();
					}
					catch (ClassNotFoundException ex) {
						throw new java.io.IOException("A stored session names a class that no longer exists", ex);
					}
				}));
		return conversions;
	}

}
