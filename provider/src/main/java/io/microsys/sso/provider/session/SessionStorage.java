package io.microsys.sso.provider.session;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.MySqlJdbcIndexedSessionRepositoryCustomizer;

import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * Sessions live in the database (Spring Session JDBC), their attributes in Java serialization as
 * Spring Session writes them; reading resolves classes that moved since a session was stored, so
 * an upgrade signs nobody out. Several requests of one session may run at once (tabs, a page and
 * its styles): an attribute each of them adds is written once, not refused to all but one.
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

	/**
	 * Requests of one session that run at once each add the attributes they found missing (a
	 * message for the next page, a saved request), and Spring Session's plain INSERT refuses all
	 * but the first with a duplicate key, answered 500 (spring-projects/spring-session#1213).
	 * Spring Session's MySQL statement adds one as {@code INSERT ... ON DUPLICATE KEY UPDATE}
	 * instead (the last write wins, as for an attribute already stored); H2, which the provider
	 * runs in MySQL mode, reads it the same way. This is not a gap-lock upsert: its key is the
	 * table's primary key, the exact (session, attribute) pair, never a range; and each save of a
	 * session first updates that session's row, so saves of one session take turns.
	 */
	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> attributeUpserts() {
		return new MySqlJdbcIndexedSessionRepositoryCustomizer();
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
