package io.microsys.sso.provider.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Map;

/**
 * Reads Java serialization written before a class moved to another package: the stream names the
 * class where it was, and is read as the class where it is now. Sessions and grants stored by an
 * earlier version stay readable after an upgrade. The class's simple name and
 * {@code serialVersionUID} must be unchanged (serialization checks both).
 */
public final class MovedClasses {

	private final Map<String, Class<?>> moved;

	/** @param moved each former fully qualified name, with the class it is now */
	public MovedClasses(Map<String, Class<?>> moved) {
		this.moved = Map.copyOf(moved);
	}

	/** An object stream over {@code in} that resolves the former names. */
	public ObjectInputStream objectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
		return new ObjectInputStream(in) {

			@Override
			protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
				Class<?> now = MovedClasses.this.moved.get(description.getName());
				if (now != null) {
					return now;
				}
				if (classLoader != null) {
					try {
						return Class.forName(description.getName(), false, classLoader);
					}
					catch (ClassNotFoundException ex) {
						// the stream's own resolution below reports it
					}
				}
				return super.resolveClass(description);
			}

		};
	}

}
