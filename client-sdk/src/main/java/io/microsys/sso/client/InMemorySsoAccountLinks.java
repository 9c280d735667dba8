package io.microsys.sso.client;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Links kept in memory: for apps without a database; they are lost at restart. */
public final class InMemorySsoAccountLinks implements SsoAccountLinks {

	private final Map<String, Link> links = new ConcurrentHashMap<>();

	@Override
	public Link link(String issuer, String subject) {
		return this.links.computeIfAbsent(key(issuer, subject),
				(key) -> new Link(issuer, subject, UUID.randomUUID().toString()));
	}

	@Override
	public Link find(String issuer, String subject) {
		return this.links.get(key(issuer, subject));
	}

	private static String key(String issuer, String subject) {
		return issuer + "\n" + subject;
	}

}
