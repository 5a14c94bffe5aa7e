/**
 * The refusals that features share, below them all: what went wrong in the service's terms. Which
 * HTTP status and headers each one answers is decided in routes/api/errors.yaml, and only there; a
 * feature's own refusals (tus, access) live in its package and are mapped there too.
 */
package io.aether.errors;
