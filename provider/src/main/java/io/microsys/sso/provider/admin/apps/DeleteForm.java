package io.microsys.sso.provider.admin.apps;

import jakarta.validation.constraints.Size;

/** Deleting an app: its client id typed again, to confirm. */
record DeleteForm(@Size(max = 100, message = "{clients.error.confirm}") String confirm) {

	static final DeleteForm EMPTY = new DeleteForm("");

}
