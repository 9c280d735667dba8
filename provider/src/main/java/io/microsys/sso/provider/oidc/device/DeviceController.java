package io.microsys.sso.provider.oidc.device;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.login.SecondFactorGate;
import io.microsys.sso.provider.support.ClientAddress;

/**
 * The page where a signed-in person enters the user code a device shows (RFC 8628 §3.3), sees which
 * app asks and for what, and approves or denies. Looking a code up is a GET (the device's
 * {@code verification_uri_complete} opens it with the code filled in); the decision is a POST.
 */
@Controller
class DeviceController {

	/** Where the person enters the code ({@code verification_uri}). */
	static final String PATH = "/device";

	static final String VIEW = "oidc/device";

	private final DeviceApprovals approvals;

	private final SecondFactorGate gate;

	DeviceController(DeviceApprovals approvals, SecondFactorGate gate) {
		this.approvals = approvals;
		this.gate = gate;
	}

	@GetMapping(PATH)
	String show(@RequestParam(name = "user_code", required = false) String userCode, Authentication person,
			HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
		if (userCode == null || userCode.isBlank()) {
			return enter(model, null, null);
		}
		DeviceApprovals.Lookup lookup = this.approvals.find(userCode, person, ClientAddress.of(request));
		if (lookup.problem() != null) {
			return enter(model, userCode, lookup.problem());
		}
		DeviceApprovals.Pending pending = lookup.pending();
		if (DeviceApprovals.needsSecondFactor(pending) && !SignIn.hasSecondFactor(person)) {
			this.gate.sendToEnrolment(request, response);
			return null;
		}
		model.addAttribute("step", "confirm");
		model.addAttribute("appName", pending.appName());
		model.addAttribute("userCode", pending.userCode());
		model.addAttribute("scopes", pending.scopes().stream().filter((scope) -> !"openid".equals(scope)).sorted().toList());
		return VIEW;
	}

	@PostMapping(PATH)
	String decide(@RequestParam(name = "user_code", required = false) String userCode,
			@RequestParam(name = "decision", required = false) String decision, Authentication person,
			HttpServletRequest request, Model model) {
		if (userCode == null || userCode.isBlank()) {
			return enter(model, null, null);
		}
		if (!"approve".equals(decision) && !"deny".equals(decision)) {
			return enter(model, userCode, null);
		}
		DeviceApprovals.Lookup lookup = this.approvals.find(userCode, person, ClientAddress.of(request));
		if (lookup.problem() != null) {
			return enter(model, userCode, lookup.problem());
		}
		DeviceApprovals.Pending pending = lookup.pending();
		if ("approve".equals(decision) && DeviceApprovals.needsSecondFactor(pending) && !SignIn.hasSecondFactor(person)) {
			return "redirect:" + PATH + "?user_code=" + pending.userCode();
		}
		DeviceApprovals.Decision outcome = "approve".equals(decision) ? this.approvals.approve(pending, person)
				: this.approvals.deny(pending, person);
		model.addAttribute("step", "done");
		model.addAttribute("appName", pending.appName());
		model.addAttribute("outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		return VIEW;
	}

	private static String enter(Model model, String typed, DeviceApprovals.Problem problem) {
		model.addAttribute("step", "enter");
		// Echoed only while it could be a code: nothing long or odd goes back into the page.
		model.addAttribute("typed", (typed != null && typed.length() <= UserCodes.MAX_ENTRY) ? typed : "");
		if (problem != null) {
			model.addAttribute("problem", problem.name().toLowerCase(Locale.ROOT));
		}
		return VIEW;
	}

}
