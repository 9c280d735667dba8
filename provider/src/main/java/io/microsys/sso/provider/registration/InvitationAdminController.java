package io.microsys.sso.provider.registration;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * Invitations to connected apps ({@code /sys/invitations}; the registrations area: {@code view} to
 * list, {@code add} to invite, {@code change} to send again, {@code delete} to withdraw): invite an address
 * with a role in one app (the way a new app gets its first {@code admin}), see the newest 100
 * invitations and where they stand (who accepted, whether the email left), send a pending one
 * again with a new link, withdraw it. When the email does not leave, the page says so and shows
 * the link, once, to the staff member who made it.
 */
@Controller
@RequestMapping("/sys/invitations")
class InvitationAdminController {

	static final String VIEW = "registration/invitations";

	private static final Set<String> DONE = Set.of("sent", "not-sent", "resent", "revoked", "not-pending");

	private final ConnectedApps apps;

	private final Invitations invitations;

	InvitationAdminController(ConnectedApps apps, Invitations invitations) {
		this.apps = apps;
		this.invitations = invitations;
	}

	@ConsoleAccess(area = Area.REGISTRATIONS, action = Action.VIEW)
	@GetMapping
	String list(Actor actor, @RequestParam(name = "done", required = false) String done, Model model) {
		model.addAttribute("form", InviteForm.empty());
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		return view(actor, model);
	}

	private String view(Actor actor, Model model) {
		model.addAttribute("apps", this.apps.byName(500));
		model.addAttribute("roles", Arrays.stream(MembershipRole.values()).map(MembershipRole::claimValue).toList());
		model.addAttribute("languages", Language.values());
		model.addAttribute("invitations", this.invitations.recent(actor, 100));
		return VIEW;
	}

	@ConsoleAccess(area = Area.REGISTRATIONS, action = Action.ADD)
	@PostMapping
	String invite(Actor actor, @Valid @ModelAttribute("form") InviteForm form, BindingResult result, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		Optional<SsoClient> client = result.hasFieldErrors("app") ? Optional.empty()
				: this.apps.byClientId(form.app());
		if (client.isEmpty() && !result.hasFieldErrors("app")) {
			result.rejectValue("app", "invitation.error.app");
		}
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, form.forDisplay(), result);
			return view(actor, model);
		}
		Invitations.Sent sent = this.invitations.invite(client.get(), form.email().trim(), form.membershipRole(),
				form.emailLanguage().code(), actor);
		return sent(sent, "sent", redirect);
	}

	@ConsoleAccess(area = Area.REGISTRATIONS, action = Action.CHANGE)
	@PostMapping("/{id}/resend")
	String resend(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		Optional<Invitations.Sent> sent = this.invitations.resend(id, actor);
		if (sent.isEmpty()) {
			redirect.addAttribute("done", "not-pending");
			return "redirect:/sys/invitations";
		}
		return sent(sent.get(), "resent", redirect);
	}

	/**
	 * Says whether the email left; when it did not, the link goes to this staff member's next page
	 * only (a flash attribute, kept in their session), to give to the person another way.
	 */
	private static String sent(Invitations.Sent sent, String done, RedirectAttributes redirect) {
		if (sent.mailProblem().isEmpty()) {
			redirect.addAttribute("done", done);
		}
		else {
			redirect.addAttribute("done", "not-sent");
			redirect.addFlashAttribute("link", sent.link());
			redirect.addFlashAttribute("linkEmail", sent.email());
			redirect.addFlashAttribute("mailProblem", sent.mailProblem().get());
		}
		return "redirect:/sys/invitations";
	}

	@ConsoleAccess(area = Area.REGISTRATIONS, action = Action.DELETE)
	@PostMapping("/{id}/revoke")
	String revoke(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		redirect.addAttribute("done", this.invitations.revoke(id, actor) ? "revoked" : "not-pending");
		return "redirect:/sys/invitations";
	}

}
