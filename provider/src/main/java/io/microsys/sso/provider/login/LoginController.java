package io.microsys.sso.provider.login;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in and sign-out pages; the POSTs are handled by Spring Security. */
@Controller
class LoginController {

	static final String LOGIN_VIEW = "login/login";

	static final String LOGOUT_VIEW = "login/logout";

	@GetMapping("/accounts/login")
	String login() {
		return LOGIN_VIEW;
	}

	@GetMapping("/accounts/logout")
	String logout() {
		return LOGOUT_VIEW;
	}

}
