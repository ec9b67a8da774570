/** BGP Scope: a packet explorer for the BGP wire format. */
module bgpscope {
    requires javafx.controls;
    requires org.apache.commons.compress;
    requires com.fasterxml.jackson.core;
    requires java.management;
    requires java.prefs;

    exports org.bgpscope.capture;
    exports org.bgpscope.net;
    exports org.bgpscope.bgp;
    exports org.bgpscope.tree;
    exports org.bgpscope.export;
    exports org.bgpscope.cli;
    exports org.bgpscope.ui;
    opens org.bgpscope.ui to javafx.graphics;
    exports org.bgpscope;
}
