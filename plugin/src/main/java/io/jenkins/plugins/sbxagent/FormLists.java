package io.jenkins.plugins.sbxagent;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sbxagent.engine.request.TextLines;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;

/** What the plugin's forms share: drop-down lists, and turning a form's text into a step's lists and numbers. */
public final class FormLists {
    private FormLists() {
    }

    /**
     * A drop-down whose first entry, with the empty value, says what "not set" means, so that an untouched
     * form writes no default into a generated snippet.
     */
    public static ListBoxModel choices(String unset, String... values) {
        ListBoxModel items = new ListBoxModel();
        items.add(unset, "");
        for (String value : values) {
            items.add(value, value);
        }
        return items;
    }

    /** The Docker tool installations, after docker on the node's PATH. */
    public static ListBoxModel dockerTools() {
        ListBoxModel items = new ListBoxModel();
        items.add("(docker on the node's PATH)", "");
        DockerTool.DescriptorImpl tools = Jenkins.get().getDescriptorByType(DockerTool.DescriptorImpl.class);
        if (tools != null) {
            for (DockerTool tool : tools.getInstallations()) {
                items.add(tool.getName(), tool.getName());
            }
        }
        return items;
    }

    /** Credentials of one type, listed only for those who may configure the job. */
    public static ListBoxModel credentials(Item item, String current, Class<? extends StandardCredentials> type) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (item == null || !item.hasPermission(Item.CONFIGURE)) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue().includeAs(ACL.SYSTEM2, item, type).includeCurrentValue(current);
    }

    /**
     * A copy of the form with each list field's text split into entries (the command keeps its spaces:
     * one argument per line; the others are trimmed) and each empty number field left out.
     */
    public static JSONObject normalize(JSONObject form, List<String> listFields, List<String> numberFields) {
        JSONObject data = JSONObject.fromObject(form);
        for (String field : listFields) {
            if (data.has(field) && !(data.get(field) instanceof JSONArray)) {
                String text = data.optString(field);
                data.put(field, JSONArray.fromObject(field.equals("command") ? TextLines.arguments(text) : TextLines.of(text)));
            }
        }
        for (String field : numberFields) {
            if (data.has(field) && data.optString(field).isBlank()) {
                data.remove(field);
            }
        }
        return data;
    }
}
