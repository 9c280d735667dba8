package io.microsys.sso.provider.oidc.device;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UserCodesTests {

	@ParameterizedTest
	@ValueSource(strings = { "BCDF-GHJK", "bcdfghjk", "bcdf ghjk", " BcDf-gHjK ", "BC-DF-GH-JK", "BCDF\u2010GHJK" })
	void normalizeWhenTypedInAnyCaseWithOrWithoutDashesThenTheStoredForm(String typed) {
		assertThat(UserCodes.normalize(typed)).contains("BCDF-GHJK");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "BCDF-GHJ", "BCDF-GHJKL", "ABCD-EFGH", "BCDF-GHJ0", "BCDF,GHJK", "ＢCDF-GHJK",
			"BCDF-GHJK-BCDF-GHJK-BCDF-GHJK-BCDF" })
	void normalizeWhenNotACodeThenEmpty(String typed) {
		assertThat(UserCodes.normalize(typed)).isEmpty();
	}

	@Test
	void normalizeWhenNullThenEmpty() {
		assertThat(UserCodes.normalize(null)).isEmpty();
	}

	@Test
	void generateWhenCalledThenEightConsonantsInTwoGroupsAndNoRepeatsInPractice() {
		Set<String> codes = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String code = UserCodes.generate();
			assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
			assertThat(UserCodes.normalize(code)).contains(code);
			codes.add(code);
		}
		assertThat(codes).hasSizeGreaterThan(990);
	}

}
