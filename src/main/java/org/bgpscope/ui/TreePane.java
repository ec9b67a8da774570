package org.bgpscope.ui;

import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import org.bgpscope.export.ByteFormats;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Problem;

/**
 * The decoded field tree of the shown message: every field with its byte range and key. It follows
 * the selection's message and field, and selecting a row selects that field.
 */
public final class TreePane {
    private final Selection selection;
    private final TreeTableView<FieldNode> tree = new TreeTableView<>();
    private final Map<FieldNode, TreeItem<FieldNode>> items = new HashMap<>();

    public TreePane(Selection selection) {
        this.selection = selection;
        tree.setId("tree");
        tree.setFixedCellSize(22);
        tree.setShowRoot(true);
        TreeTableColumn<FieldNode, String> field = new TreeTableColumn<>("Field");
        field.setPrefWidth(420);
        field.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().getValue().text()));
        TreeTableColumn<FieldNode, String> range = new TreeTableColumn<>("Bytes");
        range.setPrefWidth(90);
        range.setCellValueFactory(cd -> {
            FieldNode n = cd.getValue().getValue();
            return new ReadOnlyStringWrapper(n.offset() + "+" + n.length() + (n.isBitField() ? " bits" : ""));
        });
        TreeTableColumn<FieldNode, FieldNode> key = new TreeTableColumn<>("Key");
        key.setPrefWidth(230);
        key.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().getValue()));
        key.setCellFactory(c -> new javafx.scene.control.TreeTableCell<>() {
            @Override
            protected void updateItem(FieldNode n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : n.key());
            }
        });
        tree.getColumns().addAll(List.of(field, range, key));
        // The three columns share the pane's width, so Bytes and Key are never cut off on a small window.
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        field.setMinWidth(160);
        range.setMinWidth(70);
        key.setMinWidth(120);
        tree.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(FieldNode n, boolean empty) {
                super.updateItem(n, empty);
                getStyleClass().removeAll("has-problem", "has-error");
                if (!empty && n != null && !n.problems().isEmpty()) {
                    boolean error = n.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
                    getStyleClass().add(error ? "has-error" : "has-problem");
                }
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && selection.node().get() != b.getValue()) {
                selection.select(b.getValue());
            }
        });
        ContextMenu menu = new ContextMenu();
        for (ByteFormats f : ByteFormats.values()) {
            MenuItem item = new MenuItem("Copy field as " + f.label());
            item.setOnAction(e -> copyField(f));
            menu.getItems().add(item);
        }
        MenuItem expand = new MenuItem("Expand all");
        expand.setOnAction(e -> expandAll(true));
        MenuItem collapse = new MenuItem("Collapse all");
        collapse.setOnAction(e -> expandAll(false));
        menu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), expand, collapse);
        tree.setContextMenu(menu);

        selection.shown().addListener((o, a, b) -> show(b));
        selection.node().addListener((o, a, b) -> follow(b));
    }

    public TreeTableView<FieldNode> view() {
        return tree;
    }

    private void show(Selection.Shown s) {
        items.clear();
        if (s == null) {
            tree.setRoot(null);
            return;
        }
        TreeItem<FieldNode> root = item(s.decoded().root());
        tree.setRoot(root);
        root.setExpanded(true);
        openInterestingLevel(root);
    }

    /** Another pane selected a field: open its ancestors, select its row and bring it into view. */
    private void follow(FieldNode n) {
        TreeItem<FieldNode> t = n == null ? null : items.get(n);
        if (t == null) {
            if (n == null) {
                tree.getSelectionModel().clearSelection();
            }
            return;
        }
        if (tree.getSelectionModel().getSelectedItem() == t) {
            return;
        }
        for (TreeItem<FieldNode> a = t.getParent(); a != null; a = a.getParent()) {
            a.setExpanded(true);
        }
        tree.getSelectionModel().select(t);
        int row = tree.getRow(t);
        if (row >= 0) {
            tree.scrollTo(Math.max(0, row - 3));
        }
    }

    private TreeItem<FieldNode> item(FieldNode n) {
        TreeItem<FieldNode> t = new TreeItem<>(n);
        items.put(n, t);
        for (FieldNode c : n.children()) {
            t.getChildren().add(item(c));
        }
        return t;
    }

    /** The attributes of an UPDATE, the capabilities of an OPEN, the entry of a RIB record. */
    private static void openInterestingLevel(TreeItem<FieldNode> root) {
        for (TreeItem<FieldNode> c : root.getChildren()) {
            String k = c.getValue().key();
            if (k.equals("bgp.update.attrs") || k.equals("bgp.open.param") || k.equals("mrt.rib.entry")
                    || k.equals("bgp.update.nlri") || k.equals("bgp.update.withdrawn")) {
                c.setExpanded(true);
                for (TreeItem<FieldNode> g : c.getChildren()) {
                    if (g.getValue().key().equals("bgp.update.attrs")) {
                        g.setExpanded(true);
                    }
                }
            }
        }
    }

    /** Expands or collapses every field, keeping the selected one in view (its ancestors stay open). */
    public void expandAll(boolean expanded) {
        TreeItem<FieldNode> selected = tree.getSelectionModel().getSelectedItem();
        setExpanded(tree.getRoot(), expanded);
        if (tree.getRoot() != null) {
            tree.getRoot().setExpanded(true);
        }
        if (selected != null) {
            for (TreeItem<FieldNode> a = selected.getParent(); a != null; a = a.getParent()) {
                a.setExpanded(true);
            }
            tree.getSelectionModel().select(selected);
            int row = tree.getRow(selected);
            if (row >= 0) {
                tree.scrollTo(Math.max(0, row - 3));
            }
        }
    }

    static void setExpanded(TreeItem<?> item, boolean expanded) {
        if (item == null) {
            return;
        }
        item.setExpanded(expanded);
        for (TreeItem<?> c : item.getChildren()) {
            setExpanded(c, expanded);
        }
    }

    private void copyField(ByteFormats f) {
        TreeItem<FieldNode> t = tree.getSelectionModel().getSelectedItem();
        MessageDecoder.Decoded current = selection.decoded();
        if (t != null && current != null) {
            FieldNode n = t.getValue();
            Clipboards.copy(f.format(current.bytes().asSlice(n.offset(), n.length()).toArray(ValueLayout.JAVA_BYTE)));
        }
    }
}
