package io.microsys.sso.provider.twofactor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** TOTP against the test vectors of RFC 6238, appendix B, and the matching window. */
class TotpTests {

	private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SHA512_KEY = "1234567890123456789012345678901234567890123456789012345678901234"
		.getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@CsvSource({ "59, 94287082, 46119246, 90693936", "1111111109, 07081804, 68084774, 25091201",
			"1111111111, 14050471, 67062674, 99943326", "1234567890, 89005924, 91819424, 93441116",
			"2000000000, 69279037, 90698825, 38618901", "20000000000, 65353130, 77737706, 47863826" })
	void codeWhenRfc6238VectorsThenSameEightDigits(long time, String sha1, String sha256, String sha512) {
		long step = Totp.step(Instant.ofEpochSecond(time));

		assertThat(new Totp("HmacSHA1", 8).code(SHA1_KEY, step)).isEqualTo(sha1);
		assertThat(new Totp("HmacSHA256", 8).code(SHA256_KEY, step)).isEqualTo(sha256);
		assertThat(new Totp("HmacSHA512", 8).code(SHA512_KEY, step)).isEqualTo(sha512);
	}

	@Test
	void codeWhenStandardThenSixDigitsOfTheSameValue() {
		// RFC 4226 appendix D: HOTP value 287082 at counter 1 (the 6-digit form of 94287082).
		assertThat(Totp.standard().code(SHA1_KEY, 1)).isEqualTo("287082");
	}

	@Test
	void matchWhenCodeOfNeighbourStepThenThatStepAndNotBeyond() {
		Totp totp = Totp.standard();
		Instant now = Instant.ofEpochSecond(1_700_000_000L);
		long current = Totp.step(now);

		assertThat(totp.match(SHA1_KEY, totp.code(SHA1_KEY, current), now)).hasValue(current);
		assertThat(totp.match(SHA1_KEY, totp.code(SHA1_KEY, current - 1), now)).hasValue(current - 1);
		assertThat(totp.match(SHA1_KEY, totp.code(SHA1_KEY, current + 1), now)).hasValue(current + 1);
		assertThat(totp.match(SHA1_KEY, totp.code(SHA1_KEY, current - 2), now)).isEmpty();
		assertThat(totp.match(SHA1_KEY, totp.code(SHA1_KEY, current + 2), now)).isEmpty();
	}

	@Test
	void matchWhenNotSixDigitsThenNoMatch() {
		Totp totp = Totp.standard();
		Instant now = Instant.ofEpochSecond(1_700_000_000L);
		String code = totp.code(SHA1_KEY, Totp.step(now));

		assertThat(totp.match(SHA1_KEY, code + "0", now)).isEmpty();
		assertThat(totp.match(SHA1_KEY, code.substring(1), now)).isEmpty();
		assertThat(totp.match(SHA1_KEY, "12a456", now)).isEmpty();
		assertThat(totp.match(SHA1_KEY, null, now)).isEmpty();
	}

	@Test
	void base32WhenRoundTripThenSameBytesAndRfc4648Vectors() {
		assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
		assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
		assertThat(Base32.decode("mzxw 6ytb oi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
		assertThat(Base32.decode(Base32.encode(SHA512_KEY))).isEqualTo(SHA512_KEY);
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZ1W"));
	}

}
