package io.microsys.sso.provider.access;

/**
 * The person an administrator acts on, as the policy needs to know them.
 *
 * @param userId the account's row id
 * @param superuser whether the account is a superuser
 * @param staff whether the account is staff
 * @param scopeId the account's scope, or null
 * @param active whether the account is active now
 */
public record TargetPerson(long userId, boolean superuser, boolean staff, Long scopeId, boolean active) {

}
