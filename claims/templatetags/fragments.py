"""Parts of every page that are the same for every visitor, rendered once per process.

The site's header (for visitors who are not signed in), the public footer and the feed links read only
the settings, the URLconf and the translations, none of which change while a process runs: rendering
them afresh cost about half of an uncached verdict page. Nothing stored here may depend on the visitor
or on data in the database; what a visitor who is signed in sees is always rendered for them.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()

_rendered = {}


@receiver(setting_changed)
def forget_rendered(**kwargs):
    # Tests change the settings a fragment reads (the newsroom's name, the URLconf, the languages).
    _rendered.clear()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, signed_in_afresh):
        self.nodelist, self.name, self.vary_on, self.signed_in_afresh = nodelist, name, vary_on, signed_in_afresh

    def render(self, context):
        user = context.get("user")
        if self.signed_in_afresh and user is not None and user.is_authenticated:
            return self.nodelist.render(context)
        # The address prefix and the language change the links and the words; `vary_on` what else it shows.
        key = (self.name, get_language(), get_script_prefix(), *(value.resolve(context) for value in self.vary_on))
        html = _rendered.get(key)
        if html is None:
            html = _rendered[key] = self.nodelist.render(context)
        return html


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment "name" var... [anonymous] %}...{% endshared_fragment %}

    Renders its content once per process, language and value of each `var`, and reuses it. With
    `anonymous`, a visitor who is signed in gets it rendered afresh (their name, their desk menu).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    signed_in_afresh = bits[-1] == "anonymous"
    names = bits[2:-1] if signed_in_afresh else bits[2:]
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, bits[1], [parser.compile_filter(name) for name in names], signed_in_afresh)
