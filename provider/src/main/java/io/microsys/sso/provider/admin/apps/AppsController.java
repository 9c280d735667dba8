package io.microsys.sso.provider.admin.apps;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.client.ClientRules;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Forms;

/**
 * {@code /sys/clients}: the connected apps (searchable by client id or name, 50 a page), creating
 * one, its page (settings to copy into the app, its policy, its recent sign-ins and refusals), editing
 * it, rotating its secret, deactivating, activating and deleting it. A secret is shown once, on the
 * answer to the request that made it ({@code Cache-Control: no-store}), never in a URL. A confidential
 * app's page also shows its service account (what it may do through the admin API for itself) and
 * saves it ({@link ServiceAccountAdministration}).
 */
@Controller
@RequestMapping("/sys/clients")
class AppsController {

	static final String LIST = "admin/apps/list";

	static final String NEW = "admin/apps/new";

	static final String EDIT = "admin/apps/edit";

	static final String APP = "admin/apps/app";

	static final String SECRET = "admin/apps/secret";

	private static final String BACK = "redirect:/sys/clients";

	private static final String CLIENT_ID = "/{clientId:[A-Za-z0-9._~-]{1,100}}";

	/** Client ids a console path could not name. */
	private static final Set<String> RESERVED = Set.of("new", ".", "..");

	private final AppAdministration apps;

	private final AdminPolicy policy;

	private final ProviderProperties provider;

	private final ServiceAccountAdministration serviceAccounts;

	AppsController(AppAdministration apps, AdminPolicy policy, ProviderProperties provider,
			ServiceAccountAdministration serviceAccounts) {
		this.apps = apps;
		this.policy = policy;
		this.provider = provider;
		this.serviceAccounts = serviceAccounts;
	}

	/** The actions in this area the actor may take, so pages offer only those (the service checks again). */
	@ModelAttribute("may")
	Set<String> may(Actor actor) {
		Set<String> may = new HashSet<>();
		for (Action action : Action.values()) {
			if (this.policy.mayUse(actor, Area.CLIENTS, action).isAllowed()) {
				may.add(action.code());
			}
		}
		return may;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.VIEW)
	@GetMapping
	String list(Actor actor, @Valid @ModelAttribute("query") AppListForm query, BindingResult result, Model model,
			HttpServletResponse response) {
		if (result.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Forms.showAgain(model, AppListForm.DEFAULT, result);
			query = AppListForm.DEFAULT;
		}
		model.addAttribute("search", query.search());
		model.addAttribute("page", this.apps.list(actor, query.search(), query.pageNumber()));
		return LIST;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.ADD)
	@GetMapping("/new")
	String add(Model model) {
		model.addAttribute("form", AppForm.NEW);
		return choices(model, NEW);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.ADD)
	@PostMapping
	String create(Actor actor, @Valid @ModelAttribute("form") AppForm form, BindingResult result, Model model,
			RedirectAttributes redirect, HttpServletResponse response) {
		if (form.clientId() != null && RESERVED.contains(form.clientId().trim())) {
			result.rejectValue("clientId", "clients.error.clientIdReserved");
		}
		if (!result.hasErrors()) {
			try {
				AppAdministration.Saved saved = this.apps.create(actor, form);
				if (saved.secret() != null) {
					return secret(saved.clientId(), saved.secret(), "clients.flash.created", model, response);
				}
				redirect.addFlashAttribute("flash", "clients.flash.created");
				return BACK + "/" + saved.clientId();
			}
			catch (AppProblemsException ex) {
				reject(result, ex);
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		Forms.showAgain(model, form.clipped(), result);
		return choices(model, NEW);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.VIEW)
	@GetMapping(CLIENT_ID)
	String app(Actor actor, @PathVariable String clientId, Model model) {
		SsoClient app = this.apps.find(actor, clientId);
		model.addAttribute("app", app);
		model.addAttribute("policyFlags", AppAdministration.flags(app.getPolicy()));
		model.addAttribute("issuer", this.provider.getIssuer());
		model.addAttribute("recent", this.apps.recent(actor, clientId));
		if (!model.containsAttribute("secretForm")) {
			model.addAttribute("secretForm", SecretForm.DEFAULT);
		}
		if (!model.containsAttribute("deleteForm")) {
			model.addAttribute("deleteForm", DeleteForm.EMPTY);
		}
		serviceAccount(actor, clientId, model);
		return APP;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE)
	@GetMapping(CLIENT_ID + "/edit")
	String edit(Actor actor, @PathVariable String clientId, Model model) {
		SsoClient app = this.apps.find(actor, clientId);
		model.addAttribute("app", app);
		model.addAttribute("form", AppForm.of(app));
		return choices(model, EDIT);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE)
	@PostMapping(CLIENT_ID + "/edit")
	String change(Actor actor, @PathVariable String clientId, @Valid @ModelAttribute("form") AppForm form,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		SsoClient app = this.apps.find(actor, clientId);
		HttpStatus status = HttpStatus.BAD_REQUEST;
		if (!result.hasErrors()) {
			try {
				AppAdministration.Saved saved = this.apps.change(actor, clientId, form);
				if (saved.secret() != null) {
					return secret(clientId, saved.secret(), "clients.flash.changed", model, response);
				}
				redirect.addFlashAttribute("flash", "clients.flash.changed");
				return BACK + "/" + clientId;
			}
			catch (AppProblemsException ex) {
				reject(result, ex);
			}
			catch (AppChangedMeanwhileException ex) {
				status = HttpStatus.CONFLICT;
				model.addAttribute("problem", "clients.error.changedMeanwhile");
			}
		}
		response.setStatus(status.value());
		model.addAttribute("app", app);
		Forms.showAgain(model, form.clipped(), result);
		return choices(model, EDIT);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE)
	@PostMapping(CLIENT_ID + "/secret")
	String rotate(Actor actor, @PathVariable String clientId, @Valid @ModelAttribute("secretForm") SecretForm form,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		if (!result.hasErrors()) {
			try {
				String secret = this.apps.rotateSecret(actor, clientId, form.hours());
				return secret(clientId, secret, "clients.flash.rotated", model, response);
			}
			catch (AppProblemsException ex) {
				reject(result, ex);
			}
			catch (AppChangedMeanwhileException ex) {
				redirect.addFlashAttribute("flashProblem", "clients.error.changedMeanwhile");
				return BACK + "/" + clientId;
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return app(actor, clientId, model);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.CHANGE)
	@PostMapping(CLIENT_ID + "/service-account")
	String saveServiceAccount(Actor actor, @PathVariable String clientId,
			@Valid @ModelAttribute("serviceAccountForm") ServiceAccountForm form, BindingResult result, Model model,
			RedirectAttributes redirect, HttpServletResponse response) {
		Optional<Set<Permission>> chosen = form.chosen();
		if (chosen.isEmpty()) {
			result.rejectValue("permissions", "form.error.permission");
		}
		if (!result.hasErrors()) {
			try {
				this.serviceAccounts.replace(actor, clientId, OptionalLong.of(form.expectedVersion()), form.scope(),
						chosen.get());
				redirect.addFlashAttribute("flash", "clients.flash.serviceAccount");
				return BACK + "/" + clientId + "#service-account";
			}
			catch (ServiceAccountProblemException ex) {
				result.rejectValue(ex.field(), ex.messageKey());
				// Also at the top: a public app's page has no section to show the field's message in.
				model.addAttribute("flashProblem", ex.messageKey());
			}
			catch (AppChangedMeanwhileException ex) {
				redirect.addFlashAttribute("flashProblem", "clients.error.changedMeanwhile");
				return BACK + "/" + clientId;
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return app(actor, clientId, model);
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.DELETE)
	@PostMapping(CLIENT_ID + "/deactivate")
	String deactivate(Actor actor, @PathVariable String clientId, RedirectAttributes redirect) {
		boolean changed = this.apps.setActive(actor, clientId, false);
		redirect.addFlashAttribute("flash", changed ? "clients.flash.deactivated" : "clients.flash.unchanged");
		return BACK + "/" + clientId;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.DELETE)
	@PostMapping(CLIENT_ID + "/activate")
	String activate(Actor actor, @PathVariable String clientId, RedirectAttributes redirect) {
		boolean changed = this.apps.setActive(actor, clientId, true);
		redirect.addFlashAttribute("flash", changed ? "clients.flash.activated" : "clients.flash.unchanged");
		return BACK + "/" + clientId;
	}

	@ConsoleAccess(area = Area.CLIENTS, action = Action.DELETE)
	@PostMapping(CLIENT_ID + "/delete")
	String delete(Actor actor, @PathVariable String clientId, @Valid @ModelAttribute("deleteForm") DeleteForm form,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		if (!result.hasErrors()) {
			try {
				this.apps.delete(actor, clientId, form.confirm());
				redirect.addFlashAttribute("flash", "clients.flash.deleted");
				return BACK;
			}
			catch (AppProblemsException ex) {
				reject(result, ex);
			}
			catch (AppChangedMeanwhileException ex) {
				redirect.addFlashAttribute("flashProblem", "clients.error.changedMeanwhile");
				return BACK + "/" + clientId;
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		Forms.showAgain(model, DeleteForm.EMPTY, result);
		return app(actor, clientId, model);
	}

	/**
	 * The app's service account section: what it holds, what it lacks to be used, and (for those who
	 * may change it) the boxes and scopes they may choose.
	 */
	private void serviceAccount(Actor actor, String clientId, Model model) {
		ServiceAccountAdministration.ServiceAccount account = this.serviceAccounts.find(actor, clientId);
		model.addAttribute("serviceAccount", account);
		if (!model.containsAttribute("serviceAccountForm")) {
			model.addAttribute("serviceAccountForm", new ServiceAccountForm(String.valueOf(account.version()),
					(account.scopeId() != null) ? String.valueOf(account.scopeId()) : "", account.codes()));
		}
		boolean mayChange = this.serviceAccounts.mayChange(actor, account.scopeId());
		model.addAttribute("serviceAccountMayChange", mayChange);
		model.addAttribute("serviceAccountGrantable", mayChange
				? this.serviceAccounts.grantable(actor, account.scopeId()).stream().map(Permission::code).toList()
				: List.of());
		model.addAttribute("serviceAccountScopes", mayChange ? this.serviceAccounts.scopes(actor) : List.of());
		model.addAttribute("serviceAccountUnlimited", this.policy.assignableScopes(actor).any());
		model.addAttribute("areas", Area.values());
		model.addAttribute("actions", Action.values());
	}

	/** The answer that shows a new secret, once: never cached, never in a URL or a flash attribute. */
	private String secret(String clientId, String secret, String done, Model model, HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		model.addAttribute("clientId", clientId);
		model.addAttribute("secret", secret);
		model.addAttribute("done", done);
		return SECRET;
	}

	private static void reject(BindingResult result, AppProblemsException ex) {
		for (AppProblemsException.Problem problem : ex.problems()) {
			Object[] arguments = (problem.argument() != null) ? new Object[] { problem.argument() } : null;
			result.rejectValue(problem.field(), problem.messageKey(), arguments, null);
		}
	}

	private static String choices(Model model, String view) {
		model.addAttribute("grantTypes", ClientRules.GRANT_TYPES);
		model.addAttribute("accessTtlMin", ClientRules.ACCESS_TTL_MIN);
		model.addAttribute("accessTtlMax", ClientRules.ACCESS_TTL_MAX);
		model.addAttribute("refreshTtlMin", ClientRules.REFRESH_TTL_MIN);
		model.addAttribute("refreshTtlMax", ClientRules.REFRESH_TTL_MAX);
		return view;
	}

}
