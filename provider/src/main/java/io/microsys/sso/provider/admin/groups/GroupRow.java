package io.microsys.sso.provider.admin.groups;

/**
 * A group as the list shows it.
 *
 * @param id the group's id
 * @param name its name
 * @param description its description, or null
 * @param members how many people are in it (including those the reader cannot see)
 * @param permissions how many permissions it gives
 */
public record GroupRow(long id, String name, String description, long members, long permissions) {
}
