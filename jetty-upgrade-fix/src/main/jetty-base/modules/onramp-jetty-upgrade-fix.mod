# A Jetty module for a Jetty 12.1 distribution: copy this file to $JETTY_BASE/modules/, etc/onramp-jetty-upgrade-fix.xml
# to $JETTY_BASE/etc/ and onramp-jetty-upgrade-fix-<version>.jar to $JETTY_BASE/lib/onramp/, then
#   java -jar $JETTY_HOME/start.jar --add-modules=onramp-jetty-upgrade-fix

[description]
Onramp's fix for servlet upgrades (HttpServletRequest.upgrade) on Jetty 12.1: the http connector gets an HTTP/1.1
connection factory under which an upgraded connection receives the bytes the client sends after the 101 response.

[tags]
connector
onramp

[depend]
http

[lib]
lib/onramp/onramp-jetty-upgrade-fix-*.jar

[xml]
etc/onramp-jetty-upgrade-fix.xml
