package io.microsys.sso.provider.admin.groups;

/**
 * A member of a group the reader may see.
 *
 * @param uuid the person's uuid
 * @param username their login name
 * @param name their first and last name, or null
 * @param email their email address, or null
 */
public record MemberRow(String uuid, String username, String name, String email) {
}
