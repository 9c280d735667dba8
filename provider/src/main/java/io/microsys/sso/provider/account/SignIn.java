package io.microsys.sso.provider.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The steps of a sign-in as authorities of the signed-in person. The password gives
 * {@code FACTOR_PASSWORD}; a second factor adds its own {@link FactorGrantedAuthority} (whose
 * time becomes the ID token's {@code auth_time}); {@link #COMPLETE} says every factor this person
 * needs is there. Only a complete sign-in reaches pages and apps; a person who still owes a second
 * factor reaches the challenge page and sign-out, nothing else.
 */
public final class SignIn {

	/** Every factor the person needs is present. */
	public static final String COMPLETE = "SIGN_IN_COMPLETE";

	/**
	 * The password was a temporary one: until the person chooses a new one the sign-in is not
	 * complete, whatever else it has.
	 */
	public static final String NEW_PASSWORD_OWED = "NEW_PASSWORD_OWED";

	/** The authentication class ({@code acr}) of a sign-in with a password alone. */
	public static final String ACR_PASSWORD = "urn:microsys:acr:pwd";

	/**
	 * The authentication class of a sign-in with a second factor, or on a browser the person trusted
	 * after giving one.
	 */
	public static final String ACR_MFA = "urn:microsys:acr:mfa";

	/** The factors after the password, with their {@code amr} values (RFC 8176). */
	public enum Factor {

		/** A code from an authenticator app (TOTP). */
		TOTP("FACTOR_TOTP", "otp"),
		/** A code sent by email. */
		EMAIL_CODE("FACTOR_EMAIL_CODE", "otp"),
		/** One of the person's backup codes. */
		BACKUP_CODE("FACTOR_BACKUP_CODE", "otp"),
		/** A browser the person trusted after an earlier sign-in with a second factor. */
		TRUSTED_BROWSER("FACTOR_TRUSTED_BROWSER", null);

		private final String authority;

		private final String amr;

		Factor(String authority, String amr) {
			this.authority = authority;
			this.amr = amr;
		}

		public String authority() {
			return this.authority;
		}

		/** Its authentication method reference, or null when no method was used this time. */
		public String amr() {
			return this.amr;
		}

		/** Reason code in the audit trail. */
		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private static final Set<String> SECOND_FACTORS = Set.of(Factor.TOTP.authority, Factor.EMAIL_CODE.authority,
			Factor.BACKUP_CODE.authority, Factor.TRUSTED_BROWSER.authority);

	private SignIn() {
	}

	/** Whether this is a signed-in person (complete or not). */
	public static boolean isSignedIn(Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)
				&& authentication.getPrincipal() instanceof SsoUserDetails;
	}

	/** Whether every factor the person needs is present, and no new password is owed. */
	public static boolean isComplete(Authentication authentication) {
		return hasEveryFactor(authentication) && !has(authentication, NEW_PASSWORD_OWED);
	}

	/** Every factor is there, but the person must still replace a temporary password. */
	public static boolean awaitsNewPassword(Authentication authentication) {
		return hasEveryFactor(authentication) && has(authentication, NEW_PASSWORD_OWED);
	}

	private static boolean hasEveryFactor(Authentication authentication) {
		return isSignedIn(authentication) && has(authentication, COMPLETE)
				&& has(authentication, FactorGrantedAuthority.PASSWORD_AUTHORITY);
	}

	/** Whether a second factor (or a trusted browser) is part of this sign-in. */
	public static boolean hasSecondFactor(Authentication authentication) {
		return isSignedIn(authentication)
				&& authentication.getAuthorities().stream().anyMatch((a) -> SECOND_FACTORS.contains(a.getAuthority()));
	}

	/** The person still owes a second factor. */
	public static boolean awaitsSecondFactor(Authentication authentication) {
		return isSignedIn(authentication) && !hasEveryFactor(authentication);
	}

	/** The {@code amr} values of this sign-in: {@code pwd}, {@code otp}, and {@code mfa} for both. */
	public static List<String> methods(Authentication authentication) {
		List<String> methods = new ArrayList<>();
		if (has(authentication, FactorGrantedAuthority.PASSWORD_AUTHORITY)) {
			methods.add("pwd");
		}
		for (Factor factor : Factor.values()) {
			if (factor.amr != null && has(authentication, factor.authority) && !methods.contains(factor.amr)) {
				methods.add(factor.amr);
			}
		}
		if (methods.size() > 1) {
			methods.add("mfa");
		}
		return methods;
	}

	/** The authentication class of this sign-in: {@link #ACR_MFA} with a second factor, else {@link #ACR_PASSWORD}. */
	public static String acr(Authentication authentication) {
		return hasSecondFactor(authentication) ? ACR_MFA : ACR_PASSWORD;
	}

	/** When the person last proved who they are: the latest factor's time, or null with none. */
	public static Instant authenticatedAt(Authentication authentication) {
		Instant latest = null;
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority factor
					&& (latest == null || factor.getIssuedAt().isAfter(latest))) {
				latest = factor.getIssuedAt();
			}
		}
		return latest;
	}

	/** When the person last gave their password in this sign-in, or null. */
	public static Instant passwordAt(Authentication authentication) {
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority factor
					&& FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(factor.getAuthority())) {
				return factor.getIssuedAt();
			}
		}
		return null;
	}

	/** The same person and factors, plus {@code factor} at {@code when}, marked complete. */
	public static Authentication completedWith(Authentication authentication, Factor factor, Instant when) {
		Collection<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
		if (factor != null) {
			authorities.removeIf((a) -> factor.authority.equals(a.getAuthority()));
			authorities.add(FactorGrantedAuthority.withAuthority(factor.authority).issuedAt(when).build());
		}
		if (!has(authentication, COMPLETE)) {
			authorities.add(new SimpleGrantedAuthority(COMPLETE));
		}
		UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken
			.authenticated(authentication.getPrincipal(), null, authorities);
		result.setDetails(authentication.getDetails());
		return result;
	}

	/** The same sign-in, marked as owing a new password. */
	public static Authentication owingNewPassword(Authentication authentication) {
		Collection<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
		authorities.add(new SimpleGrantedAuthority(NEW_PASSWORD_OWED));
		return copy(authentication, authorities);
	}

	/** The same sign-in after the person chose a new password. */
	public static Authentication withNewPassword(Authentication authentication) {
		Collection<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
		authorities.removeIf((a) -> NEW_PASSWORD_OWED.equals(a.getAuthority()));
		return copy(authentication, authorities);
	}

	private static Authentication copy(Authentication authentication, Collection<GrantedAuthority> authorities) {
		UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken
			.authenticated(authentication.getPrincipal(), null, authorities);
		result.setDetails(authentication.getDetails());
		return result;
	}

	private static boolean has(Authentication authentication, String authority) {
		return authentication != null
				&& authentication.getAuthorities().stream().anyMatch((a) -> authority.equals(a.getAuthority()));
	}

}
