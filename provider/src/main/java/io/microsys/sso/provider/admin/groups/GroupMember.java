package io.microsys.sso.provider.admin.groups;

/**
 * A member of a group the reader may see, with the account's row id the admin API's pages are
 * keyed by.
 *
 * @param userId the account's row id (the position in the list, never shown)
 * @param person the member
 */
public record GroupMember(long userId, MemberRow person) {
}
