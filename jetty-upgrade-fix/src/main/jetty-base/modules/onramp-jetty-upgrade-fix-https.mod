# The same fix for the https connector (TLS): copy this file to $JETTY_BASE/modules/,
# etc/onramp-jetty-upgrade-fix-https.xml to $JETTY_BASE/etc/ and the jar to $JETTY_BASE/lib/onramp/, then
#   java -jar $JETTY_HOME/start.jar --add-modules=onramp-jetty-upgrade-fix-https

[description]
Onramp's fix for servlet upgrades (HttpServletRequest.upgrade) on Jetty 12.1, for wss://: the https connector gets
the HTTP/1.1 connection factory under which an upgraded connection receives what the client sends after the 101.

[tags]
connector
onramp

[depend]
https

[lib]
lib/onramp/onramp-jetty-upgrade-fix-*.jar

[xml]
etc/onramp-jetty-upgrade-fix-https.xml
