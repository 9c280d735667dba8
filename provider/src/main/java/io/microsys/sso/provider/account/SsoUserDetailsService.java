package io.microsys.sso.provider.account;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.support.NameKeys;

/**
 * Loads users by username or email (compared by their keys, see {@code NameKeys}), and stores
 * upgraded password hashes when an older encoding is used at sign-in.
 */
@Service
public class SsoUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

	private final UserRepository users;

	public SsoUserDetailsService(UserRepository users) {
		this.users = users;
	}

	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String login) {
		if (login == null || login.isBlank() || login.length() > 254) {
			throw new UsernameNotFoundException("not found");
		}
		SsoUser user = this.users.findByLogin(login)
			.filter((found) -> found.getPasswordHash() != null)
			.orElseThrow(() -> new UsernameNotFoundException("not found"));
		return new SsoUserDetails(user);
	}

	@Override
	@Transactional
	public UserDetails updatePassword(UserDetails details, String newPasswordHash) {
		this.users.rehashPassword(details.getUsername(), details.getPassword(), newPasswordHash);
		return this.users.findByUuid(details.getUsername()).map(SsoUserDetails::new).orElseThrow();
	}

}
