package io.microsys.sso.provider.admin.groups;

import org.springframework.data.domain.Page;

/**
 * One page of the members of a group the reader may see, and how many others they may not.
 *
 * @param visible the members the reader may see, this page
 * @param hidden how many members the reader may not see (counted, never listed)
 */
public record Members(Page<MemberRow> visible, long hidden) {
}
