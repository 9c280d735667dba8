package io.microsys.sso.provider.setup.bootstrap;

/**
 * What applying the bootstrap file did, counted over scopes, users, clients and memberships.
 *
 * @param created entries that did not exist
 * @param updated entries that existed and changed
 * @param unchanged entries that already matched the file
 */
public record BootstrapSummary(int created, int updated, int unchanged) {

	@Override
	public String toString() {
		return this.created + " created, " + this.updated + " updated, " + this.unchanged + " unchanged";
	}

}
