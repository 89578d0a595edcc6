/*
 * The editors' form (/admin/): one widget of our own, "storysite-group", for an optional
 * group of a story (the photo, the original words).
 *
 * Decap checks a required field even when its group is left empty, so config.yml (made by
 * hooks/storysite/cms.py from the contract) marks the fields of an optional group as
 * optional and gives those the group needs a "storysite_needed" setting: the field's own
 * hint. This widget is Decap's object widget with one more check: a group that is filled
 * in but lacks one of those fields is refused, with that field's label and hint, before
 * anything is saved. An untouched group is left out of the file, as the build wants.
 *
 * Loaded after decap-cms.js by admin/index.html; no inline script, no other site.
 */
(function () {
  "use strict";

  var CMS = window.CMS;
  var object = CMS.getWidget("object");

  function blank(value) {
    return value === undefined || value === null || value === "" ||
      (typeof value === "object" && typeof value.size === "number" && value.size === 0);
  }

  class StorysiteGroup extends object.control {
    constructor(props) {
      super(props);
      // On saving, Decap asks an object widget to check its fields (its validate) and never
      // asks the widget itself (isValid): do both. props.validate is Decap's check of this
      // field, which calls isValid and shows what it returns under the group.
      var checkFields = this.validate;
      this.validate = () => {
        checkFields();
        this.props.validate();
      };
    }

    isValid = () => {
      var value = this.props.value;
      var fields = this.props.field.get("fields");
      if (blank(value) || !fields || value.every(blank)) {
        return true;
      }
      var missing = fields.filter(function (item) {
        return item.get("storysite_needed") && blank(value.get(item.get("name")));
      });
      if (missing.size === 0) {
        return true;
      }
      var message = missing.map(function (item) {
        return item.get("label") + " is needed with the rest of this part: " + item.get("storysite_needed") + ".";
      }).join(" ");
      return { error: { type: "CUSTOM", message: message } };
    };
  }

  CMS.registerWidget("storysite-group", StorysiteGroup, object.preview);
})();
