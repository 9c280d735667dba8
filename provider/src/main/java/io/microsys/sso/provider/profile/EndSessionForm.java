package io.microsys.sso.provider.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * What "sign out this device" posts: the device's handle as the profile lists it (a hash of its
 * session id) and the current password.
 */
record EndSessionForm(@NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{8,128}") String session, String currentPassword) {

}
