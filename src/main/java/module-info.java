/** BGP Scope: a packet explorer for the BGP wire format. */
module bgpscope {
    requires javafx.controls;
    requires org.controlsfx.controls;
    requires org.apache.commons.compress;
    requires com.fasterxml.jackson.core;
    requires info.picocli;
    requires java.management;
    requires java.prefs;
    // Live capture: pcap4j (with JNA and SLF4J 1.7, automatic modules), whose packet times are java.sql.Timestamp.
    requires org.pcap4j.core;
    requires java.sql;

    exports org.bgpscope.capture;
    exports org.bgpscope.net;
    exports org.bgpscope.bgp;
    exports org.bgpscope.tree;
    exports org.bgpscope.export;
    exports org.bgpscope.cli;
    exports org.bgpscope.ui;
    opens org.bgpscope.ui to javafx.graphics;
    // picocli reads the commands' annotated fields and makes the command objects by reflection.
    opens org.bgpscope.cli to info.picocli;
    exports org.bgpscope;
}
