package io.microsys.sso.provider.admin.members;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.registration.Invitations;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * An app's invitations ({@code /sys/clients/{clientId}/invitations}): the newest 100 to this app,
 * invite an address with a role, send a pending one again, withdraw it. Open to staff holding
 * {@code clients.view}/{@code clients.change} and to the app's own admins, who invite with the
 * roles they may give.
 */
@Controller
class AppInvitationsController {

	static final String VIEW = "admin/members/invitations";

	static final String PATH = "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/invitations";

	private static final Set<String> DONE = Set.of("sent", "not-sent", "resent", "revoked", "not-pending");

	private final AppMembers members;

	private final AppInvitations invitations;

	AppInvitationsController(AppMembers members, AppInvitations invitations) {
		this.members = members;
		this.invitations = invitations;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.VIEW, appAdmins = true)
	@GetMapping(PATH)
	String list(@PathVariable String clientId, @RequestParam(name = "done", required = false) String done,
			Actor actor, Model model) {
		model.addAttribute("form", AppInviteForm.empty());
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		return view(actor, clientId, model);
	}

	private String view(Actor actor, String clientId, Model model) {
		AppInvitations.View view = this.invitations.view(actor, clientId);
		model.addAttribute("app", view.app());
		model.addAttribute("view", view);
		model.addAttribute("languages", Language.values());
		return VIEW;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE, appAdmins = true)
	@PostMapping(PATH)
	String invite(@PathVariable String clientId, Actor actor, @Valid @ModelAttribute("form") AppInviteForm form,
			BindingResult result, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, form.forDisplay(), result);
			return view(actor, clientId, model);
		}
		Invitations.Sent sent = this.invitations.invite(actor, clientId, form.email().trim(),
				MembershipRole.valueOf(form.role()), Language.orDefault(form.language()).code());
		return sent(clientId, sent, "sent", redirect);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE, appAdmins = true)
	@PostMapping(PATH + "/{id:\\d{1,18}}/resend")
	String resend(@PathVariable String clientId, @PathVariable long id, Actor actor, RedirectAttributes redirect) {
		Optional<Invitations.Sent> sent = this.invitations.resend(actor, clientId, id);
		if (sent.isEmpty()) {
			redirect.addAttribute("done", "not-pending");
			return "redirect:" + path(clientId);
		}
		return sent(clientId, sent.get(), "resent", redirect);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE, appAdmins = true)
	@PostMapping(PATH + "/{id:\\d{1,18}}/revoke")
	String revoke(@PathVariable String clientId, @PathVariable long id, Actor actor, RedirectAttributes redirect) {
		redirect.addAttribute("done", this.invitations.revoke(actor, clientId, id) ? "revoked" : "not-pending");
		return "redirect:" + path(clientId);
	}

	/** Says whether the email left; when not, the link goes to this actor's next page only. */
	private static String sent(String clientId, Invitations.Sent sent, String done, RedirectAttributes redirect) {
		if (sent.mailProblem().isEmpty()) {
			redirect.addAttribute("done", done);
		}
		else {
			redirect.addAttribute("done", "not-sent");
			redirect.addFlashAttribute("link", sent.link());
			redirect.addFlashAttribute("linkEmail", sent.email());
			redirect.addFlashAttribute("mailProblem", sent.mailProblem().get());
		}
		return "redirect:" + path(clientId);
	}

	static String path(String clientId) {
		return "/sys/clients/" + clientId + "/invitations";
	}

}
