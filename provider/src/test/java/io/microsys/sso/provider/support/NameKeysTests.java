package io.microsys.sso.provider.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of {@link NameKeys}: which spellings are one account, which only look alike, and
 * which usernames cannot be chosen.
 */
class NameKeysTests {

	@Test
	void keyWhenCaseOrCompatibilityFormDiffersThenSameKey() {
		assertThat(NameKeys.key("BOB")).isEqualTo("bob");
		assertThat(NameKeys.key(" Bob ")).isEqualTo("bob");
		assertThat(NameKeys.key("ＢＯＢ")).isEqualTo("bob");
		assertThat(NameKeys.key("Straße")).isEqualTo(NameKeys.key("STRASSE")).isEqualTo("strasse");
		assertThat(NameKeys.key("ﬁle")).isEqualTo("file");
		assertThat(NameKeys.key("ΟΔΟΣ")).isEqualTo(NameKeys.key("οδοσ"));
		assertThat(NameKeys.key("Alice@Example.COM")).isEqualTo("alice@example.com");
		// Composed and decomposed accents are one spelling.
		assertThat(NameKeys.key("bo\u0301b")).isEqualTo(NameKeys.key("b\u00f3b"));
		assertThat(NameKeys.key(null)).isNull();
	}

	@Test
	void keyWhenAccentOrInvisibleOrSpecialSpaceThenAnotherKey() {
		assertThat(NameKeys.key("bób")).isNotEqualTo("bob");
		assertThat(NameKeys.key("alicé")).isNotEqualTo("alice");
		assertThat(NameKeys.key("ALICÉ")).isEqualTo(NameKeys.key("alicé")).isNotEqualTo("alice");
		assertThat(NameKeys.key("bob\u200b")).isNotEqualTo("bob");
		assertThat(NameKeys.isSearchable(NameKeys.key("bob\u00a0"))).isFalse();
		assertThat(NameKeys.isSearchable(NameKeys.key("bob\u200b"))).isFalse();
		assertThat(NameKeys.isSearchable(NameKeys.key("bob\u3000"))).isFalse();
		assertThat(NameKeys.isSearchable(NameKeys.key("bób"))).isTrue();
	}

	@Test
	void lookalikeWhenAccentsInvisibleCharactersSpacesOrCaseThenTheSame() {
		for (String spelling : new String[] { "bób", "BÓB", "bob\u00a0", "bob\u200b", "b\u00adob", "\ufeffbob",
				"ＢＯＢ", "bo\u0301b", "b o b" }) {
			assertThat(NameKeys.lookalike(spelling)).as(spelling).isEqualTo("bob");
		}
		assertThat(NameKeys.lookalike("àlice")).isEqualTo(NameKeys.lookalike("ALICÉ")).isEqualTo("alice");
		assertThat(NameKeys.lookalike("carol")).isNotEqualTo("bob");
		assertThat(NameKeys.lookalike(null)).isEmpty();
	}

	@Test
	void usernameProblemWhenAtInvisibleControlOrBadShapeThenSaid() {
		assertThat(NameKeys.usernameProblem("alice@acceptance.test")).hasValue("username.error.email");
		assertThat(NameKeys.usernameProblem("alice\uff20example")).hasValue("username.error.email");
		for (String invisible : new String[] { "bob\u200b", "bob\u00a0", "b\u00adob", "bob\ufeff", "bob\t",
				"bob\u2028", "bob\u3164", "bob\u0000" }) {
			assertThat(NameKeys.usernameProblem(invisible)).as(invisible).hasValue("username.error.invisible");
		}
		assertThat(NameKeys.usernameProblem("a b")).hasValue("setup.error.username");
		assertThat(NameKeys.usernameProblem("ab")).hasValue("setup.error.username");
		assertThat(NameKeys.usernameProblem("x".repeat(151))).hasValue("setup.error.username");
		assertThat(NameKeys.usernameProblem(null)).hasValue("setup.error.username");
		for (String fine : new String[] { "bob", "bób", "Ana.María_1", "first+last", "سارة", "山田太郎" }) {
			assertThat(NameKeys.usernameProblem(fine)).as(fine).isEmpty();
		}
	}

}
