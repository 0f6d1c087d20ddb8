/**
 * The platform's HTTP server as seen by other bundles: the whiteboard property that puts a
 * {@code jakarta.servlet.Servlet} service on the web port, web applications with a context of their
 * own, the user realm, and a JSON writer for REST responses.
 */
@Export
@Version("1.3.0")
package org.atrium.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
