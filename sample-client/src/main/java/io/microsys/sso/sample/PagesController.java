package io.microsys.sso.sample;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.microsys.sso.client.SsoRoleMapper;

/** The sample's pages: home (public), profile, admin and the refusal page. */
@Controller
class PagesController {

	@GetMapping("/")
	String home(Authentication authentication, Model model) {
		if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
			model.addAttribute("name", displayName(user));
		}
		return "home";
	}

	@GetMapping("/profile")
	String profile(@AuthenticationPrincipal OidcUser user, Authentication authentication, Model model) {
		model.addAttribute("name", displayName(user));
		model.addAttribute("email", user.getEmail());
		model.addAttribute("role", role(user.getClaims()));
		model.addAttribute("authorities", authorities(authentication));
		model.addAttribute("claims", new TreeMap<>(user.getClaims()));
		return "profile";
	}

	@GetMapping("/admin")
	String admin(@AuthenticationPrincipal OidcUser user, Model model) {
		model.addAttribute("name", displayName(user));
		return "admin";
	}

	@RequestMapping("/denied")
	String denied(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		return "denied";
	}

	static String displayName(OidcUser user) {
		if (user.getFullName() != null && !user.getFullName().isBlank()) {
			return user.getFullName();
		}
		return (user.getPreferredUsername() != null) ? user.getPreferredUsername() : user.getSubject();
	}

	static Object role(Map<String, Object> claims) {
		Object role = claims.get(SsoRoleMapper.ROLE_CLAIM);
		if (role == null && claims.get(SsoRoleMapper.NESTED_CLAIM) instanceof Map<?, ?> nested) {
			role = nested.get("role");
		}
		return role;
	}

	static List<String> authorities(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
	}

}
