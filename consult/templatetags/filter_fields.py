"""`{{ field|filter_field }}`: one field of a list's filter form, in the markup crispy-forms'
bootstrap5 pack gives it (label, control, error), built in Python.

The staff list renders ten such fields on every request; through crispy's field template and
Django's widget templates (one per <option>) they took a quarter of the page's time. The public
page's anonymous form is written the same way (crispy took a third of that page). Inputs
(text, date, checkbox), textareas and flat <select>s are written here from the widget's own
context; anything else goes through crispy as before.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()

_CONTROL = {forms.Select: "form-select", forms.CheckboxInput: "form-check-input"}


def _control_class(widget) -> str | None:
    if isinstance(widget, forms.SelectMultiple | forms.RadioSelect | forms.FileInput):
        return None
    for kind, css in _CONTROL.items():
        if isinstance(widget, kind):
            return css
    return "form-control" if isinstance(widget, forms.widgets.Input | forms.Textarea) else None


def _attributes(attrs: dict) -> str:
    """In the dict's order, as Django's attrs.html writes them (True: the bare name)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False and v is not None
        ),
    )


def _select(field, attrs) -> str:
    widget = field.field.widget
    attrs = widget.build_attrs(widget.attrs, attrs)
    chosen = set(widget.format_value(field.value()))
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) in chosen else "", label)
            for value, label in field.field.choices
        ),
    )
    return format_html(
        '<select name="{}"{}>{}</select>', field.html_name, _attributes(attrs), options
    )


def _input(field, attrs) -> str:
    """What Django's input.html writes, from the widget's own context (value formatted,
    `checked` for a ticked box)."""
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        "" if value is None else format_html(' value="{}"', value),
        _attributes(context["attrs"]),
    )


def _errors(field) -> str:
    if not field.errors:
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.auto_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
        ),
    )


def _flat(choices) -> bool:
    return not any(isinstance(label, list | tuple) for _value, label in choices)


_STAR = format_html('<span class="asteriskField">{}</span>', "*")


@register.filter
def filter_field(field):
    widget = field.field.widget
    css = _control_class(widget)
    if css is None or (css == "form-select" and not _flat(field.field.choices)):
        return as_crispy_field(field)
    control = _control(field, css)
    label_class, star = (" requiredField", _STAR) if field.field.required else ("", "")
    if css == "form-check-input":
        return _check_block(field, control, label_class, star)
    return format_html(
        '<div id="div_{}" class="mb-3">'
        '<label for="{}" class="form-label{}">{}{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        label_class,
        field.label,
        star,
        control,
        _errors(field),
        _help_text(field),
    )


def _control(field, css: str) -> str:
    """The widget with the classes, id and aria attributes crispy gives it."""
    widget = field.field.widget
    attrs = {"class": f"{type(widget).__name__.lower()} {css}"}
    if field.errors:
        attrs["class"] += " is-invalid"
    attrs = field.build_widget_attrs(attrs, widget)
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    if field.auto_id and "id" not in widget.attrs:
        attrs["id"] = field.auto_id
    if css == "form-select":
        return _select(field, attrs)
    if isinstance(widget, forms.widgets.Input):
        return _input(field, attrs)
    if type(widget) is forms.Textarea:
        return _textarea(field, attrs)
    return field.as_widget(attrs=attrs)


def _textarea(field, attrs) -> str:
    """What Django's textarea.html writes (the line break after the tag included)."""
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        context["name"],
        _attributes(context["attrs"]),
        context["value"] or "",
    )


def _help_text(field) -> str:
    if not field.help_text:
        return ""
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>',
        field.auto_id,
        field.help_text,  # escaped: our help texts carry no markup
    )


def _check_block(field, control: str, label_class: str, star: str) -> str:
    """A checkbox: the box before its label, as crispy's form-check."""
    return format_html(
        '<div class="mb-3"><div id="div_{}" class="form-check">{}'
        '<label for="{}" class="form-check-label{}">{}{}</label>{}{}</div></div>',
        field.auto_id,
        control,
        field.id_for_label,
        label_class,
        field.label,
        star,
        _errors(field),
        _help_text(field),
    )
