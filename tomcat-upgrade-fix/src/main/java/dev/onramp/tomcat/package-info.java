/**
 * Container side, on Tomcat's class path only: the HTTP/1.1 NIO protocol that drops an upgraded socket as soon as
 * the application closed it and holds read events while Onramp's read-ahead is full, and the place for
 * Tomcat-native I/O.
 */
package dev.onramp.tomcat;
