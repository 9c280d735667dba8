package io.microsys.sso.provider.registration;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
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

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.support.Forms;

/**
 * The registration queue ({@code /sys/registrations}, staff holding {@code registrations.view};
 * deciding needs {@code registrations.change}): public sign-ups the person may see, by state
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

	private static final Set<String> DONE = Set.of("approved", "rejected", "not-pending");

	private final RegistrationQueue queue;

	RegistrationQueueController(RegistrationQueue queue) {
		this.queue = queue;
	}

	@ConsoleAccess(area = Area.REGISTRATIONS, action = Action.VIEW)
	@GetMapping
	String queue(Actor actor, @Valid @ModelAttribute("filter") QueueFilterForm filter, BindingResult result,
			@RequestParam(name = "done", required = false) String done, Model model, HttpServletResponse response) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, QueueFilterForm.DEFAULT, result);
			model.addAttribute("error", "queue.error.filter");
			filter = QueueFilterForm.DEFAULT;
		}
		list(actor, filter, model);
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		return VIEW;
	}

	private void list(Actor actor, QueueFilterForm filter, Model model) {
		Page<SsoUser> found = this.queue.list(actor, FILTERS.get(filter.filter()), filter.search(),
				PageRequest.of(filter.pageNumber(), PAGE_SIZE));
		model.addAttribute("filters", FILTERS.keySet());
		model.addAttribute("status", filter.filter());
		model.addAttribute("q", filter.search());
		model.addAttribute("page", found);
	}

	@ConsoleAccess(area = Area.REGISTRATIONS, action = Action.CHANGE)
	@PostMapping("/{uuid}/approve")
	String approve(Actor actor, @PathVariable String uuid,
			@Valid @ModelAttribute("decision") DecisionForm decision, BindingResult result, Model model,
			HttpServletResponse response) {
		return decide(actor, uuid, decision, result, true, model, response);
	}

	@ConsoleAccess(area = Area.REGISTRATIONS, action = Action.CHANGE)
	@PostMapping("/{uuid}/reject")
	String reject(Actor actor, @PathVariable String uuid,
			@Valid @ModelAttribute("decision") DecisionForm decision, BindingResult result, Model model,
			HttpServletResponse response) {
		return decide(actor, uuid, decision, result, false, model, response);
	}

	private String decide(Actor actor, String uuid, DecisionForm decision, BindingResult result,
			boolean approve, Model model, HttpServletResponse response) {
		if (result.hasErrors()) {
			// The waiting list again, the error beside the reason of the one being decided.
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			list(actor, QueueFilterForm.DEFAULT, model);
			model.addAttribute("decided", uuid);
			model.addAttribute("error", "queue.done.reason-too-long");
			model.addAttribute("filter", QueueFilterForm.DEFAULT);
			return VIEW;
		}
		Registrations.Review review = approve ? this.queue.approve(actor, uuid, decision.note())
				: this.queue.reject(actor, uuid, decision.note());
		String outcome = (review == Registrations.Review.DONE) ? (approve ? "approved" : "rejected") : "not-pending";
		return "redirect:/sys/registrations?done=" + outcome;
	}

}
