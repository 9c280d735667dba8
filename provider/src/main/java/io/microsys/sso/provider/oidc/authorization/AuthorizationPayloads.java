package io.microsys.sso.provider.oidc.authorization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * A compact, versioned binary form of a stored grant, in place of Java serialization of the whole
 * {@link OAuth2Authorization}. Tokens, their metadata (claims, the invalidated flag), the scopes
 * and the attributes are written field by field, with a one-byte tag per value, from a closed list
 * of types (an allow-list, like the authorization server's Jackson modules, and faster to read):
 * a value of any other type is refused when the grant is written, never handed to Java
 * serialization. {@link #read} is only given bytes the caller authenticated first (AES-GCM under
 * the master key).
 * <p>
 * A payload starts with {@link #MAGIC} and a version byte; a Java serialization stream starts with
 * {@code 0xACED}, so {@link #isCompact} tells the two apart. Grants stored before this format
 * (whole Java serialization) and values that versions 1 and 2 wrote by Java serialization are still
 * read until they expire, through {@link #readJavaSerialized}, whose filter lets only the classes
 * such grants hold be created.
 */
public final class AuthorizationPayloads {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(AuthorizationPayloads.class);

	/** First byte of every compact payload ('M'). */
	static final byte MAGIC = 0x4D;

	/**
	 * Format version, second byte. Version 2 added the signed-in person and dates as values of their
	 * own, version 3 an app's own authentication and stopped writing Java serialization; payloads of
	 * versions 1 and 2 are read as before. (A node of an earlier release cannot read version 2:
	 * during a rolling upgrade, grants written by upgraded nodes are unknown to the others.)
	 */
	static final byte VERSION = 3;

	// Token kinds.
	private static final byte CODE = 1, ACCESS = 2, REFRESH = 3, ID = 4, DEVICE = 5, USER = 6, OTHER_TOKEN = 7;

	// Value tags.
	private static final byte NULL = 0, STRING = 1, TRUE = 2, FALSE = 3, INT = 4, LONG = 5, DOUBLE = 6, INSTANT = 7,
			LIST = 8, SET = 9, MAP = 10, URL_VALUE = 11, URI_VALUE = 12, GRANT_TYPE = 13, AUTHORIZATION_REQUEST = 14,
			JAVA = 15, SIGNED_IN_PERSON = 16, DATE = 17, CLIENT = 18;

	// Authority kinds of a signed-in person.
	private static final byte SIMPLE_AUTHORITY = 1, FACTOR_AUTHORITY = 2;

	private AuthorizationPayloads() {
	}

	/** Whether {@code payload} is in this format (rather than a Java serialization stream). */
	public static boolean isCompact(byte[] payload) {
		return payload.length >= 2 && payload[0] == MAGIC;
	}

	/** Writes a grant. */
	public static byte[] write(OAuth2Authorization authorization) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(MAGIC);
			out.writeByte(VERSION);
			out.writeUTF(authorization.getId());
			out.writeUTF(authorization.getRegisteredClientId());
			out.writeUTF(authorization.getPrincipalName());
			out.writeUTF(authorization.getAuthorizationGrantType().getValue());
			writeStrings(out, authorization.getAuthorizedScopes());
			List<OAuth2Authorization.Token<?>> tokens = tokens(authorization);
			out.writeShort(tokens.size());
			for (OAuth2Authorization.Token<?> token : tokens) {
				writeToken(out, token.getToken());
				writeMap(out, token.getMetadata());
			}
			writeMap(out, authorization.getAttributes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write authorization " + authorization.getId(), ex);
		}
		return bytes.toByteArray();
	}

	/** Reads what {@link #write} wrote. */
	public static OAuth2Authorization read(byte[] payload) {
		if (!isCompact(payload) || payload[1] < 1 || payload[1] > VERSION) {
			throw new IllegalArgumentException("Not a stored authorization of version 1 to " + VERSION);
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, 2, payload.length - 2))) {
			String id = in.readUTF();
			OAuth2Authorization.Builder builder = new OAuth2Authorization.Builder(in.readUTF()) {
			};
			builder.id(id)
				.principalName(in.readUTF())
				.authorizationGrantType(new AuthorizationGrantType(in.readUTF()))
				.authorizedScopes(readStrings(in));
			int tokens = in.readUnsignedShort();
			for (int i = 0; i < tokens; i++) {
				OAuth2Token token = readToken(in);
				Map<String, Object> metadata = readMap(in);
				builder.token(token, (stored) -> {
					stored.clear();
					stored.putAll(metadata);
				});
			}
			Map<String, Object> attributes = readMap(in);
			builder.attributes((stored) -> stored.putAll(attributes));
			return builder.build();
		}
		catch (IOException | ClassNotFoundException ex) {
			throw new IllegalArgumentException("Cannot read a stored authorization", ex);
		}
	}

	private static List<OAuth2Authorization.Token<?>> tokens(OAuth2Authorization authorization) {
		// OAuth2Authorization exposes tokens by type only; these are the types the server issues.
		List<OAuth2Authorization.Token<?>> tokens = new ArrayList<>();
		for (Class<? extends OAuth2Token> type : List.of(OAuth2AuthorizationCode.class, OAuth2AccessToken.class,
				OAuth2RefreshToken.class, OidcIdToken.class, OAuth2DeviceCode.class, OAuth2UserCode.class)) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
			if (token != null) {
				tokens.add(token);
			}
		}
		return tokens;
	}

	private static void writeToken(DataOutputStream out, OAuth2Token token) throws IOException {
		byte kind = kind(token);
		out.writeByte(kind);
		if (kind == OTHER_TOKEN) {
			throw new IllegalArgumentException("A grant cannot hold a " + token.getClass().getName());
		}
		writeString(out, token.getTokenValue());
		writeInstant(out, token.getIssuedAt());
		writeInstant(out, token.getExpiresAt());
		if (token instanceof OAuth2AccessToken access) {
			out.writeUTF(access.getTokenType().getValue());
			writeStrings(out, access.getScopes());
		}
		else if (token instanceof OidcIdToken idToken) {
			writeMap(out, idToken.getClaims());
		}
	}

	private static byte kind(OAuth2Token token) {
		Class<?> type = token.getClass();
		if (type == OAuth2AuthorizationCode.class) {
			return CODE;
		}
		if (type == OAuth2AccessToken.class) {
			OAuth2AccessToken.TokenType tokenType = ((OAuth2AccessToken) token).getTokenType();
			return (OAuth2AccessToken.TokenType.BEARER.equals(tokenType)
					|| OAuth2AccessToken.TokenType.DPOP.equals(tokenType)) ? ACCESS : OTHER_TOKEN;
		}
		if (type == OAuth2RefreshToken.class) {
			return REFRESH;
		}
		if (type == OidcIdToken.class) {
			return ID;
		}
		if (type == OAuth2DeviceCode.class) {
			return DEVICE;
		}
		if (type == OAuth2UserCode.class) {
			return USER;
		}
		return OTHER_TOKEN;
	}

	private static OAuth2Token readToken(DataInputStream in) throws IOException, ClassNotFoundException {
		byte kind = in.readByte();
		if (kind == OTHER_TOKEN) {
			return (OAuth2Token) readJava(in);
		}
		String value = readString(in);
		Instant issuedAt = readInstant(in);
		Instant expiresAt = readInstant(in);
		return switch (kind) {
			case CODE -> new OAuth2AuthorizationCode(value, issuedAt, expiresAt);
			case ACCESS -> {
				String type = in.readUTF();
				OAuth2AccessToken.TokenType tokenType = OAuth2AccessToken.TokenType.DPOP.getValue().equals(type)
						? OAuth2AccessToken.TokenType.DPOP : OAuth2AccessToken.TokenType.BEARER;
				yield new OAuth2AccessToken(tokenType, value, issuedAt, expiresAt, readStrings(in));
			}
			case REFRESH -> new OAuth2RefreshToken(value, issuedAt, expiresAt);
			case ID -> new OidcIdToken(value, issuedAt, expiresAt, readMap(in));
			case DEVICE -> new OAuth2DeviceCode(value, issuedAt, expiresAt);
			case USER -> new OAuth2UserCode(value, issuedAt, expiresAt);
			default -> throw new IOException("Unknown token kind " + kind);
		};
	}

	private static void writeValue(DataOutputStream out, Object value) throws IOException {
		if (value == null) {
			out.writeByte(NULL);
		}
		else if (value instanceof String text) {
			out.writeByte(STRING);
			writeString(out, text);
		}
		else if (value instanceof Boolean flag) {
			out.writeByte(flag ? TRUE : FALSE);
		}
		else if (value instanceof Integer number) {
			out.writeByte(INT);
			out.writeInt(number);
		}
		else if (value instanceof Long number) {
			out.writeByte(LONG);
			out.writeLong(number);
		}
		else if (value instanceof Double number) {
			out.writeByte(DOUBLE);
			out.writeDouble(number);
		}
		else if (value instanceof Instant instant) {
			out.writeByte(INSTANT);
			writeInstant(out, instant);
		}
		else if (value != null && value.getClass() == Date.class) {
			// auth_time in an ID token's claims
			out.writeByte(DATE);
			out.writeLong(((Date) value).getTime());
		}
		else if (value instanceof URL url) {
			out.writeByte(URL_VALUE);
			writeString(out, url.toExternalForm());
		}
		else if (value instanceof URI uri) {
			out.writeByte(URI_VALUE);
			writeString(out, uri.toString());
		}
		else if (value instanceof AuthorizationGrantType grantType) {
			out.writeByte(GRANT_TYPE);
			writeString(out, grantType.getValue());
		}
		else if (value instanceof List<?> list) {
			out.writeByte(LIST);
			writeCollection(out, list);
		}
		else if (value instanceof Set<?> set) {
			out.writeByte(SET);
			writeCollection(out, set);
		}
		else if (value instanceof Map<?, ?> map && hasStringKeys(map)) {
			out.writeByte(MAP);
			writeMap(out, map);
		}
		else if (value instanceof OAuth2AuthorizationRequest request
				&& AuthorizationGrantType.AUTHORIZATION_CODE.equals(request.getGrantType())) {
			out.writeByte(AUTHORIZATION_REQUEST);
			writeAuthorizationRequest(out, request);
		}
		else if (isSignedInPerson(value)) {
			out.writeByte(SIGNED_IN_PERSON);
			writeSignedInPerson(out, (UsernamePasswordAuthenticationToken) value);
		}
		else if (value instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
				&& client.getRegisteredClient() != null) {
			// An app's own grant (client credentials): who it was and how it authenticated.
			out.writeByte(CLIENT);
			writeString(out, client.getRegisteredClient().getClientId());
			writeString(out, client.getClientAuthenticationMethod().getValue());
		}
		else {
			throw new IllegalArgumentException("A grant cannot hold a " + value.getClass().getName());
		}
	}

	private static Object readValue(DataInputStream in) throws IOException, ClassNotFoundException {
		byte tag = in.readByte();
		return switch (tag) {
			case NULL -> null;
			case STRING -> readString(in);
			case TRUE -> Boolean.TRUE;
			case FALSE -> Boolean.FALSE;
			case INT -> in.readInt();
			case LONG -> in.readLong();
			case DOUBLE -> in.readDouble();
			case INSTANT -> readInstant(in);
			case URL_VALUE -> URI.create(readString(in)).toURL();
			case URI_VALUE -> URI.create(readString(in));
			case GRANT_TYPE -> new AuthorizationGrantType(readString(in));
			case LIST -> readCollection(in, new ArrayList<>());
			case SET -> readCollection(in, new LinkedHashSet<>());
			case MAP -> readMap(in);
			case AUTHORIZATION_REQUEST -> readAuthorizationRequest(in);
			case JAVA -> readJava(in);
			case SIGNED_IN_PERSON -> readSignedInPerson(in);
			case DATE -> new Date(in.readLong());
			case CLIENT -> new OAuth2ClientAuthenticationToken(readString(in),
					new ClientAuthenticationMethod(readString(in)), null, null);
			default -> throw new IOException("Unknown value tag " + tag);
		};
	}

	/**
	 * The signed-in person as a grant holds it (the {@code Principal} attribute): a password sign-in
	 * with its factors, written field by field. Java serialization of it was most of the time spent
	 * reading a grant (userinfo, refresh) and a third of its size. A person signed in otherwise is
	 * refused.
	 */
	private static boolean isSignedInPerson(Object value) {
		if (value == null || value.getClass() != UsernamePasswordAuthenticationToken.class) {
			return false;
		}
		UsernamePasswordAuthenticationToken authentication = (UsernamePasswordAuthenticationToken) value;
		if (!authentication.isAuthenticated() || authentication.getCredentials() != null
				|| authentication.getPrincipal() == null
				|| authentication.getPrincipal().getClass() != SsoUserDetails.class
				|| ((SsoUserDetails) authentication.getPrincipal()).getPassword() != null
				|| (authentication.getDetails() != null
						&& authentication.getDetails().getClass() != WebAuthenticationDetails.class)) {
			return false;
		}
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			Class<?> type = authority.getClass();
			if (authority.getAuthority() == null
					|| (type != SimpleGrantedAuthority.class && type != FactorGrantedAuthority.class)) {
				return false;
			}
		}
		return true;
	}

	private static void writeSignedInPerson(DataOutputStream out, UsernamePasswordAuthenticationToken authentication)
			throws IOException {
		SsoUserDetails person = (SsoUserDetails) authentication.getPrincipal();
		writeString(out, person.getUsername());
		out.writeLong(person.getUserId());
		writeString(out, person.getLoginName());
		writeString(out, person.getLanguage());
		out.writeBoolean(person.isStaff());
		out.writeBoolean(person.isSuperuser());
		out.writeShort(authentication.getAuthorities().size());
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority factor) {
				out.writeByte(FACTOR_AUTHORITY);
				writeString(out, factor.getAuthority());
				writeInstant(out, factor.getIssuedAt());
			}
			else {
				out.writeByte(SIMPLE_AUTHORITY);
				writeString(out, authority.getAuthority());
			}
		}
		WebAuthenticationDetails details = (WebAuthenticationDetails) authentication.getDetails();
		out.writeBoolean(details != null);
		if (details != null) {
			writeString(out, details.getRemoteAddress());
			writeString(out, details.getSessionId());
		}
	}

	private static UsernamePasswordAuthenticationToken readSignedInPerson(DataInputStream in) throws IOException {
		SsoUserDetails person = SsoUserDetails.restored(readString(in), in.readLong(), readString(in), readString(in),
				in.readBoolean(), in.readBoolean());
		int count = in.readUnsignedShort();
		List<GrantedAuthority> authorities = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			byte kind = in.readByte();
			String name = readString(in);
			if (kind == FACTOR_AUTHORITY) {
				Instant issuedAt = readInstant(in);
				authorities.add(FactorGrantedAuthority.withAuthority(name).issuedAt(issuedAt).build());
			}
			else if (kind == SIMPLE_AUTHORITY) {
				authorities.add(new SimpleGrantedAuthority(name));
			}
			else {
				throw new IOException("Unknown authority kind " + kind);
			}
		}
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(person,
				null, authorities);
		if (in.readBoolean()) {
			authentication.setDetails(new WebAuthenticationDetails(readString(in), readString(in)));
		}
		return authentication;
	}

	private static void writeAuthorizationRequest(DataOutputStream out, OAuth2AuthorizationRequest request)
			throws IOException {
		writeString(out, request.getAuthorizationUri());
		writeString(out, request.getClientId());
		writeString(out, request.getRedirectUri());
		writeStrings(out, request.getScopes());
		writeString(out, request.getState());
		writeMap(out, request.getAdditionalParameters());
		writeMap(out, request.getAttributes());
		writeString(out, request.getAuthorizationRequestUri());
	}

	private static OAuth2AuthorizationRequest readAuthorizationRequest(DataInputStream in)
			throws IOException, ClassNotFoundException {
		String authorizationUri = readString(in);
		String clientId = readString(in);
		String redirectUri = readString(in);
		Set<String> scopes = readStrings(in);
		String state = readString(in);
		Map<String, Object> additionalParameters = readMap(in);
		Map<String, Object> attributes = readMap(in);
		String authorizationRequestUri = readString(in);
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(authorizationUri)
			.clientId(clientId)
			.redirectUri(redirectUri)
			.scopes(scopes)
			.state(state)
			.additionalParameters(additionalParameters)
			.attributes(attributes)
			.authorizationRequestUri(authorizationRequestUri)
			.build();
	}

	private static boolean hasStringKeys(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				return false;
			}
		}
		return true;
	}

	private static void writeMap(DataOutputStream out, Map<?, ?> map) throws IOException {
		out.writeInt(map.size());
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			writeString(out, (String) entry.getKey());
			writeValue(out, entry.getValue());
		}
	}

	private static Map<String, Object> readMap(DataInputStream in) throws IOException, ClassNotFoundException {
		int size = in.readInt();
		Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
		for (int i = 0; i < size; i++) {
			map.put(readString(in), readValue(in));
		}
		return map;
	}

	private static void writeCollection(DataOutputStream out, Collection<?> values) throws IOException {
		out.writeInt(values.size());
		for (Object value : values) {
			writeValue(out, value);
		}
	}

	private static <C extends Collection<Object>> C readCollection(DataInputStream in, C values)
			throws IOException, ClassNotFoundException {
		int size = in.readInt();
		for (int i = 0; i < size; i++) {
			values.add(readValue(in));
		}
		return values;
	}

	private static void writeStrings(DataOutputStream out, Collection<String> values) throws IOException {
		out.writeInt(values.size());
		for (String value : values) {
			writeString(out, value);
		}
	}

	private static Set<String> readStrings(DataInputStream in) throws IOException {
		int size = in.readInt();
		Set<String> values = new LinkedHashSet<>(Math.max(4, size * 2));
		for (int i = 0; i < size; i++) {
			values.add(readString(in));
		}
		return values;
	}

	/** A string of any length (writeUTF stops at 64 KiB), or null. */
	private static void writeString(DataOutputStream out, String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	private static String readString(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			return null;
		}
		return new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
	}

	private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
		if (instant == null) {
			out.writeBoolean(false);
			return;
		}
		out.writeBoolean(true);
		out.writeLong(instant.getEpochSecond());
		out.writeInt(instant.getNano());
	}

	private static Instant readInstant(DataInputStream in) throws IOException {
		return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
	}

	private static Object readJava(DataInputStream in) throws IOException, ClassNotFoundException {
		int length = in.readInt();
		if (length < 0 || length > in.available()) {
			throw new IOException("Bad length " + length);
		}
		return readJavaSerialized(in.readNBytes(length));
	}

	/**
	 * Reads Java serialization that an earlier version stored (a whole grant, or a value inside a
	 * version 1 or 2 payload), creating only the classes such grants hold: strings, numbers, the
	 * JDK's collections and time values, Spring Security's authorization classes and the signed-in
	 * person; anything else (the gadgets of deserialization attacks) is refused before it is
	 * created.
	 * @throws java.io.InvalidClassException when the stream names a class not on the list
	 */
	public static Object readJavaSerialized(byte[] bytes) throws IOException, ClassNotFoundException {
		try (ObjectInputStream objects = SsoUserDetails.MOVED.objectInputStream(new ByteArrayInputStream(bytes), null)) {
			objects.setObjectInputFilter(STORED_CLASSES);
			return objects.readObject();
		}
	}

	/** The classes {@link #readJavaSerialized} lets be created, and limits on the stream's shape. */
	static final ObjectInputFilter STORED_CLASSES = logRefusals(ObjectInputFilter.Config.createFilter(String.join(";",
			"maxdepth=32", "maxrefs=100000", "maxbytes=4194304", "maxarray=1000000",
			"java.lang.String", "java.lang.Number", "java.lang.Boolean", "java.lang.Long", "java.lang.Integer",
			"java.lang.Short", "java.lang.Byte", "java.lang.Double", "java.lang.Float", "java.lang.Character",
			"java.lang.Enum", "java.lang.Object", "java.util.ArrayList", "java.util.LinkedList",
			"java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
			"java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Date", "java.util.Collections$*",
			"java.util.ImmutableCollections$*", "java.util.CollSer", "java.util.Map$Entry", "java.util.AbstractMap$SimpleImmutableEntry", "java.util.Arrays$ArrayList", "java.time.Ser", "java.time.Instant",
			"java.net.URL", "java.net.URI", "org.springframework.security.**",
			"io.microsys.sso.provider.account.SsoUserDetails", "!*")));

	private static ObjectInputFilter logRefusals(ObjectInputFilter filter) {
		return (info) -> {
			ObjectInputFilter.Status status = filter.checkInput(info);
			if (status == ObjectInputFilter.Status.REJECTED) {
				logger.warn("A stored grant names {}, which stored grants may not hold; not read",
						(info.serialClass() != null) ? info.serialClass().getName() : "a stream over the limits");
			}
			return status;
		};
	}

}
