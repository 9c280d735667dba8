package io.microsys.sso.provider.registration;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.RequestContextUtils;

import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.session.SignInCompletion;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;
import io.microsys.sso.provider.support.RandomTokens;

/**
 * Accepting an invitation ({@code /accounts/invitation/{token}}). Signed in: a button accepts with
 * that account when its verified email is the invited address; another account is told the
 * invitation is not for it, and cannot accept. Not signed in: a person whose address has an account signs in first (and comes
 * back here); anyone else creates their account on the page, its address proven by the link. An
 * expired, used, withdrawn or unknown link gets a page saying so.
 */
@Controller
@RequestMapping("/accounts/invitation")
class InvitationController {

	static final String VIEW = "registration/invitation";

	static final String INVALID_VIEW = "registration/invitation-invalid";

	static final String JOINED_VIEW = "registration/joined";

	private final Invitations invitations;

	private final PasswordPolicy passwordPolicy;

	private final SignInCompletion signIn;

	private final Clock clock;

	InvitationController(Invitations invitations, PasswordPolicy passwordPolicy, SignInCompletion signIn,
			Clock clock) {
		this.invitations = invitations;
		this.passwordPolicy = passwordPolicy;
		this.signIn = signIn;
		this.clock = clock;
	}

	@GetMapping("/{token}")
	String show(@PathVariable String token, Authentication authentication, Model model,
			HttpServletResponse response) {
		Optional<Invitations.Invitation> invitation = this.invitations.find(token);
		if (invitation.isEmpty() || invitation.get().state() != Invitations.State.PENDING) {
			return invalid(invitation, model, response);
		}
		return page(token, invitation.get(), authentication, AccountForm.empty(), model);
	}

	private String page(String token, Invitations.Invitation invitation, Authentication authentication,
			AccountForm form, Model model) {
		model.addAttribute("token", token);
		model.addAttribute("invitation", invitation);
		if (SignIn.isComplete(authentication)) {
			SsoUserDetails user = (SsoUserDetails) authentication.getPrincipal();
			model.addAttribute("mode", this.invitations.isFor(invitation, user.getUserId()) ? "accept" : "other-address");
			model.addAttribute("loginName", user.getLoginName());
		}
		else if (SignIn.isSignedIn(authentication) || this.invitations.hasAccount(invitation)) {
			model.addAttribute("mode", "sign-in");
		}
		else {
			model.addAttribute("mode", "create");
			model.addAttribute("form", form);
		}
		return VIEW;
	}

	private static String invalid(Optional<Invitations.Invitation> invitation, Model model,
			HttpServletResponse response) {
		model.addAttribute("reason", invitation.map((i) -> i.state().code()).orElse("unknown"));
		response.setStatus(invitation.isPresent() ? HttpStatus.GONE.value() : HttpStatus.NOT_FOUND.value());
		return INVALID_VIEW;
	}

	/** Only signed-in people reach this (the URL rule): it brings them back to the invitation. */
	@GetMapping("/{token}/sign-in")
	String signedIn(@PathVariable String token) {
		if (!RandomTokens.isWellFormed(token)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return "redirect:/accounts/invitation/" + token;
	}

	@PostMapping("/{token}/accept")
	String accept(@PathVariable String token, Authentication authentication, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		SsoUserDetails user = (SsoUserDetails) authentication.getPrincipal();
		Invitations.Accepted accepted = this.invitations.accept(token, user.getUserId());
		if (accepted.outcome() == Invitations.Acceptance.NOT_THE_INVITED_ADDRESS) {
			response.setStatus(HttpStatus.FORBIDDEN.value());
			return page(token, accepted.invitation(), authentication, AccountForm.empty(), model);
		}
		if (accepted.outcome() != Invitations.Acceptance.ACCEPTED) {
			return invalid(this.invitations.find(token), model, response);
		}
		return joined(accepted.invitation(), redirect);
	}

	@PostMapping("/{token}")
	String create(@PathVariable String token, @Valid @ModelAttribute("form") AccountForm form, BindingResult result,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		Optional<Invitations.Invitation> invitation = this.invitations.find(token);
		if (invitation.isEmpty() || invitation.get().state() != Invitations.State.PENDING) {
			return invalid(invitation, model, response);
		}
		if (SignIn.isSignedIn(authentication)) {
			// Signed in meanwhile: the page offers to accept with that account instead.
			return "redirect:/accounts/invitation/" + token;
		}
		if (!result.hasErrors() && form.passwordRepeats(invitation.get().email(), this.passwordPolicy)) {
			result.rejectValue("password", "password.like-username");
		}
		if (result.hasErrors()) {
			return again(token, invitation.get(), form, result, model, response);
		}
		Language language = Language.of(RequestContextUtils.getLocale(request));
		Invitations.Created created = this.invitations.createAccount(token, form.account(language.code()));
		switch (created.outcome()) {
			case USERNAME_TAKEN:
				result.rejectValue("username", "register.error.username-taken");
				return again(token, invitation.get(), form, result, model, response);
			case HAS_ACCOUNT:
				return "redirect:/accounts/invitation/" + token;
			case INVALID:
				return invalid(this.invitations.find(token), model, response);
			default:
				break;
		}
		this.signIn.signInNewAccount(request, response, created.user(), this.clock.instant(), "invitation");
		return joined(created.invitation(), redirect);
	}

	private String again(String token, Invitations.Invitation invitation, AccountForm form, BindingResult result,
			Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		String view = page(token, invitation, null, form.forDisplay(), model);
		Forms.showAgain(model, form.forDisplay(), result);
		return view;
	}

	private static String joined(Invitations.Invitation invitation, RedirectAttributes redirect) {
		redirect.addFlashAttribute("app", invitation.appName());
		redirect.addFlashAttribute("role", invitation.roleValue());
		return "redirect:/accounts/invitation/joined";
	}

	@GetMapping("/joined")
	String joined(Model model) {
		return model.containsAttribute("app") ? JOINED_VIEW : "redirect:/";
	}

}
