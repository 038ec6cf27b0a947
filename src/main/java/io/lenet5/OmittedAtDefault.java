package io.lenet5;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component added after the first release: {@link Json} leaves it out of what it
 * writes while it holds the value of the record's static {@code DEFAULT}. A spec, checkpoint header
 * or metadata file that uses none of the new fields is then written, and fingerprinted, exactly as
 * the release before them wrote it, so its searches resume and its golden files stay.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface OmittedAtDefault {}
