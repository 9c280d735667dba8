package io.microsys.sso.provider.admin.users;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.admin.users.PeopleSearch.PeopleExport;

/**
 * The console's people list ({@code /sys/users}): search, filters, sort and pages, and the same
 * set as CSV. A bad query parameter answers 400 with the page and the problem beside its field.
 */
@Controller
class UsersController {

	static final String LIST = "admin/users/list";

	private final PeopleSearch people;

	UsersController(PeopleSearch people) {
		this.people = people;
	}

	@ConsoleAccess(area = Area.USERS, action = Action.VIEW)
	@GetMapping("/sys/users")
	String list(Actor actor, @Valid @ModelAttribute("query") PeopleQueryForm query, BindingResult errors, Model model,
			HttpServletResponse response) {
		model.addAttribute("listing", this.people.list(actor, query, errors));
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		return LIST;
	}

	@ConsoleAccess(area = Area.USERS, action = Action.VIEW)
	@GetMapping("/sys/users/export.csv")
	String export(Actor actor, @Valid @ModelAttribute("query") PeopleQueryForm query, BindingResult errors,
			Model model, HttpServletResponse response) throws IOException {
		Optional<PeopleExport> export = this.people.export(actor, query, errors);
		if (export.isEmpty()) {
			model.addAttribute("listing", this.people.list(actor, query, errors));
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return LIST;
		}
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename("people.csv").build().toString());
		export.get().writeTo(response.getOutputStream());
		// Written to the response: no view.
		return null;
	}

}
