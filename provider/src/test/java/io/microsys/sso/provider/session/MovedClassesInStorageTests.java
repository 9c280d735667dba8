package io.microsys.sso.provider.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.oidc.authorization.AuthorizationPayloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sessions and grants stored before the signed-in person's class moved to {@code account} name it
 * in its former package; both readers still read them as the person.
 */
class MovedClassesInStorageTests {

	@Test
	void storedSessionWhenItNamesTheFormerPackageThenReadAsTheSignedInPerson() throws Exception {
		byte[] stored = formerlyNamed(serialized(signedIn()));
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> new ObjectInputStream(new ByteArrayInputStream(stored)).readObject());

		Object read = SessionStorage.attributeConversions(getClass().getClassLoader()).convert(stored, Object.class);

		assertThat(read).isInstanceOfSatisfying(SecurityContextImpl.class, (context) -> assertThat(
				context.getAuthentication().getPrincipal())
			.isInstanceOfSatisfying(SsoUserDetails.class, (person) -> {
				assertThat(person.getUsername()).isEqualTo("3f1c");
				assertThat(person.getLoginName()).isEqualTo("alice");
			}));
	}

	@Test
	void storedGrantValueWhenItNamesTheFormerPackageThenRead() throws Exception {
		Object read = AuthorizationPayloads.readJavaSerialized(formerlyNamed(serialized(signedIn())));

		assertThat(((SecurityContextImpl) read).getAuthentication().getPrincipal()).isInstanceOf(SsoUserDetails.class);
	}

	@Test
	void storedSessionWhenWrittenNowThenReadBack() {
		var conversions = SessionStorage.attributeConversions(getClass().getClassLoader());
		byte[] written = conversions.convert(signedIn(), byte[].class);

		assertThat(conversions.convert(written, Object.class)).isEqualTo(signedIn());
	}

	private static SecurityContextImpl signedIn() {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(
				SsoUserDetails.restored("3f1c", 7, "alice", "en", false, false), null,
				List.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
					.issuedAt(Instant.parse("2026-12-01T10:00:00Z"))
					.build())));
	}

	private static byte[] serialized(Object value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		return bytes.toByteArray();
	}

	/** The same stream as an earlier version wrote it: the class descriptor names the former package. */
	private static byte[] formerlyNamed(byte[] stream) {
		byte[] now = utf(SsoUserDetails.class.getName());
		byte[] before = utf(SsoUserDetails.FORMER_NAME);
		int at = indexOf(stream, now);
		assertThat(at).isNotNegative();
		byte[] result = new byte[stream.length - now.length + before.length];
		System.arraycopy(stream, 0, result, 0, at);
		System.arraycopy(before, 0, result, at, before.length);
		System.arraycopy(stream, at + now.length, result, at + before.length, stream.length - at - now.length);
		return result;
	}

	/** A class name as serialization writes it: two bytes of length, then the name. */
	private static byte[] utf(String name) {
		byte[] text = name.getBytes(StandardCharsets.UTF_8);
		byte[] result = new byte[text.length + 2];
		result[0] = (byte) (text.length >>> 8);
		result[1] = (byte) text.length;
		System.arraycopy(text, 0, result, 2, text.length);
		return result;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
