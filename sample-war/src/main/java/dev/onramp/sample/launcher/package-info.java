/**
 * What runs beside the sample WAR, never inside it (the WAR build leaves the whole package out): the launcher that
 * deploys the WAR to embedded Jetty 12 or Tomcat 11 ({@code onramp-launcher.jar}), and the Autobahn client that
 * drives Onramp's client container ({@code autobahn/run-client.sh}).
 */
package dev.onramp.sample.launcher;
