package io.microsys.sso.provider.registration;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.account.Superusers;
import io.microsys.sso.provider.account.UserStatus;

/**
 * The registration queue ({@code /sys/registrations}, superusers only): public sign-ups by state
 * (waiting for approval by default), searchable, 50 a page, newest first. Approving and rejecting
 * are POSTs with CSRF and an optional reason that the person reads in the email they get.
 */
@Controller
@RequestMapping("/sys/registrations")
class RegistrationQueueController {

	static final String VIEW = "registration/queue";

	static final int PAGE_SIZE = 50;

	/** The filters, in the order the page offers them, and the states each one lists. */
	static final Map<String, Set<UserStatus>> FILTERS = filters();

	private static Map<String, Set<UserStatus>> filters() {
		Map<String, Set<UserStatus>> filters = new LinkedHashMap<>();
		filters.put("pending", EnumSet.of(UserStatus.PENDING_APPROVAL));
		filters.put("unverified", EnumSet.of(UserStatus.UNVERIFIED));
		filters.put("approved", EnumSet.of(UserStatus.ACTIVE));
		filters.put("rejected", EnumSet.of(UserStatus.DEACTIVATED));
		filters.put("all", EnumSet.allOf(UserStatus.class));
		return Collections.unmodifiableMap(filters);
	}

	private static final Set<String> DONE = Set.of("approved", "rejected", "not-pending", "reason-too-long");

	private final Superusers superusers;

	private final Accounts accounts;

	private final Registrations registrations;

	RegistrationQueueController(Superusers superusers, Accounts accounts, Registrations registrations) {
		this.superusers = superusers;
		this.accounts = accounts;
		this.registrations = registrations;
	}

	@GetMapping
	String queue(@AuthenticationPrincipal SsoUserDetails signedIn,
			@RequestParam(name = "status", defaultValue = "pending") String status,
			@RequestParam(name = "q", required = false) String query,
			@RequestParam(name = "page", defaultValue = "0") String pageParam,
			@RequestParam(name = "done", required = false) String done, Model model, HttpServletResponse response) {
		this.superusers.require(signedIn);
		Set<UserStatus> statuses = FILTERS.get(status);
		int page = parsePage(pageParam);
		String search = (query != null) ? query.trim() : "";
		if (statuses == null || page < 0 || search.length() > 100) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			status = "pending";
			statuses = FILTERS.get(status);
			page = 0;
			search = "";
			model.addAttribute("error", "queue.error.filter");
		}
		Page<SsoUser> found = this.accounts.search(AccountOrigin.SIGNUP, statuses, search,
				PageRequest.of(page, PAGE_SIZE));
		model.addAttribute("filters", FILTERS.keySet());
		model.addAttribute("status", status);
		model.addAttribute("q", search);
		model.addAttribute("page", found);
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		return VIEW;
	}

	@PostMapping("/{uuid}/approve")
	String approve(@AuthenticationPrincipal SsoUserDetails signedIn, @PathVariable String uuid,
			@RequestParam(name = "reason", required = false) String reason, RedirectAttributes redirect) {
		return decide(signedIn, uuid, reason, true, redirect);
	}

	@PostMapping("/{uuid}/reject")
	String reject(@AuthenticationPrincipal SsoUserDetails signedIn, @PathVariable String uuid,
			@RequestParam(name = "reason", required = false) String reason, RedirectAttributes redirect) {
		return decide(signedIn, uuid, reason, false, redirect);
	}

	private String decide(SsoUserDetails signedIn, String uuid, String reason, boolean approve,
			RedirectAttributes redirect) {
		SsoUser reviewer = this.superusers.require(signedIn);
		// One line of text: control characters (a pasted tab or line break) become spaces.
		String note = (reason == null || reason.isBlank()) ? null : reason.replaceAll("\\p{Cc}", " ").trim();
		String outcome;
		if (note != null && note.length() > 500) {
			outcome = "reason-too-long";
		}
		else {
			Registrations.Review review = approve ? this.registrations.approve(uuid, reviewer, note)
					: this.registrations.reject(uuid, reviewer, note);
			outcome = (review == Registrations.Review.DONE) ? (approve ? "approved" : "rejected") : "not-pending";
		}
		redirect.addAttribute("done", outcome);
		return "redirect:/sys/registrations";
	}

	private static int parsePage(String value) {
		if (value == null || value.length() > 6 || !value.chars().allMatch(Character::isDigit) || value.isEmpty()) {
			return -1;
		}
		return Integer.parseInt(value);
	}

}
