<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-display.xsl: tables, figures, graphics, formulas and supplementary material.
  Input:  table-wrap, fig, fig-group, graphic, inline-graphic, inline-formula, disp-formula,
          supplementary-material, media and alternatives from a JATS article.
  Output: (default mode) HTML: a table's caption above it, the table in a horizontally scrolling region
          (label and title), <th scope>, spans kept and its footnotes below; a <figure> with one
          <img src="figures/<file>"> per graphic, each with alt text (the graphic's alt-text, else
          "<Figure label>, part <x>: <first sentence of the caption>"), and a <figcaption>;
          formulas as MathML in the MathML namespace (only presentation elements and a list of
          known attributes: no links, events, styles or annotations come through).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:f="urn:x-pipeline:html-functions"
    exclude-result-prefixes="#all">

  <!-- ===== tables ===== -->

  <xsl:template match="table-wrap">
    <xsl:variable name="tables" select="table | alternatives/table"/>
    <!-- The region is labelled by the caption only when there is one (else aria-label): an aria-labelledby that
         names no element leaves the region without a name (axe-core rule aria-valid-attr-value). -->
    <xsl:variable name="caption-id" select="if (@id and (label or caption)) then @id || '-caption' else ()"/>
    <xsl:choose>
      <xsl:when test="$tables">
        <div class="table-wrap">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <!-- The caption stands above the scrolling region, not inside the table: in the table it would be as
               wide as the table and run out of sight on a narrow screen. The table is labelled by it. -->
          <xsl:if test="label or caption">
            <div class="table-caption">
              <xsl:if test="$caption-id"><xsl:attribute name="id" select="$caption-id"/></xsl:if>
              <xsl:call-template name="f:caption"/>
            </div>
          </xsl:if>
          <xsl:for-each select="$tables">
            <div class="table-scroll" role="region" tabindex="0">
              <xsl:choose>
                <xsl:when test="$caption-id"><xsl:attribute name="aria-labelledby" select="$caption-id"/></xsl:when>
                <xsl:otherwise><xsl:attribute name="aria-label" select="(normalize-space(../label)[. != ''], 'Table')[1]"/></xsl:otherwise>
              </xsl:choose>
              <table>
                <xsl:if test="$caption-id"><xsl:attribute name="aria-labelledby" select="$caption-id"/></xsl:if>
                <xsl:apply-templates select="*" mode="table"/>
              </table>
            </div>
          </xsl:for-each>
          <xsl:apply-templates select="table-wrap-foot"/>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <!-- A table supplied only as an image. -->
        <figure class="table-wrap table-image">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <figcaption><xsl:call-template name="f:caption"/></figcaption>
          <xsl:apply-templates select="(graphic | alternatives/graphic)[1]"/>
          <xsl:apply-templates select="table-wrap-foot"/>
        </figure>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="table-wrap-group">
    <div class="table-wrap-group">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- A table outside a table-wrap. -->
  <xsl:template match="table">
    <div class="table-scroll" role="region" tabindex="0" aria-label="Table">
      <table><xsl:apply-templates select="*" mode="table"/></table>
    </div>
  </xsl:template>

  <xsl:template match="colgroup | col | thead | tbody | tfoot | tr" mode="table">
    <xsl:element name="{local-name()}">
      <xsl:if test="@span[matches(., '^\d+$')]"><xsl:attribute name="span" select="@span"/></xsl:if>
      <xsl:call-template name="f:align-class"/>
      <xsl:apply-templates select="*" mode="table"/>
    </xsl:element>
  </xsl:template>

  <!-- Header cells: every cell of a thead (td there too) is a column header; a th in a body row a row header.
       An empty cell (the corner above the row labels) heads nothing: it is a td (axe-core: empty-table-header). -->
  <xsl:template match="th | td" mode="table">
    <xsl:variable name="in-head" select="exists(parent::tr/parent::thead)"/>
    <xsl:variable name="header" select="(self::th or $in-head) and (normalize-space(.) or *)"/>
    <xsl:element name="{if ($header) then 'th' else 'td'}">
      <xsl:if test="$header">
        <xsl:attribute name="scope" select="if (@scope = ('col', 'row', 'colgroup', 'rowgroup')) then @scope
                                            else if ($in-head) then (if (number(@colspan) gt 1) then 'colgroup' else 'col')
                                            else 'row'"/>
      </xsl:if>
      <xsl:if test="@colspan[matches(., '^\d+$') and . != '1']"><xsl:attribute name="colspan" select="@colspan"/></xsl:if>
      <xsl:if test="@rowspan[matches(., '^\d+$') and . != '1']"><xsl:attribute name="rowspan" select="@rowspan"/></xsl:if>
      <xsl:if test="@headers"><xsl:attribute name="headers" select="@headers"/></xsl:if>
      <xsl:if test="@abbr"><xsl:attribute name="abbr" select="@abbr"/></xsl:if>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:align-class"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*" mode="table"><xsl:apply-templates select="."/></xsl:template>

  <!-- align/valign as classes: the page's Content-Security-Policy allows no inline styles. -->
  <xsl:template name="f:align-class">
    <xsl:variable name="classes" select="(@align[. = ('left', 'center', 'right', 'justify', 'char')] ! ('align-' || .),
                                          @valign[. = ('top', 'middle', 'bottom', 'baseline')] ! ('valign-' || .))"/>
    <xsl:if test="exists($classes)"><xsl:attribute name="class" select="string-join($classes, ' ')"/></xsl:if>
  </xsl:template>

  <xsl:template match="table-wrap-foot">
    <div class="table-foot">
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <xsl:template match="table-wrap-foot//fn-group" priority="2"><xsl:apply-templates/></xsl:template>
  <xsl:template match="table-wrap-foot//fn" priority="2">
    <div class="fn">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label"><sup class="fn-label"><xsl:apply-templates select="label/node()"/></sup><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates select="* except label"/>
    </div>
  </xsl:template>

  <!-- Label, caption title and caption paragraphs: "Table 1. Title" / "Figure 1. First paragraph ...". -->
  <xsl:template name="f:caption">
    <xsl:variable name="label" select="f:label-text(label)"/>
    <xsl:variable name="title" select="caption/title[normalize-space()]"/>
    <xsl:variable name="paras" select="caption/p"/>
    <xsl:variable name="inline-first" select="not($title) and $paras[1][not(*[f:is-block(.)])]"/>
    <p class="caption-head">
      <xsl:if test="$label"><span class="label"><xsl:value-of select="$label"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:if test="$title"><span class="caption-title"><xsl:apply-templates select="$title/node()"/></span></xsl:if>
      <xsl:if test="$inline-first"><xsl:apply-templates select="$paras[1]/node()"/></xsl:if>
    </p>
    <xsl:apply-templates select="if ($inline-first) then $paras[position() gt 1] else $paras"/>
    <xsl:for-each select="attrib"><p class="attrib"><xsl:apply-templates/></p></xsl:for-each>
    <xsl:for-each select="permissions/copyright-statement"><p class="attrib"><xsl:apply-templates/></p></xsl:for-each>
  </xsl:template>

  <!-- ===== figures ===== -->

  <xsl:template match="fig">
    <figure class="fig">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:variable name="graphics" select="f:fig-graphics(.)"/>
      <xsl:if test="$graphics">
        <div class="fig-graphics{if (count($graphics) gt 1) then ' fig-parts' else ''}">
          <xsl:apply-templates select="$graphics"/>
        </div>
      </xsl:if>
      <xsl:apply-templates select="media | alternatives/media"/>
      <figcaption><xsl:call-template name="f:caption"/></figcaption>
    </figure>
  </xsl:template>

  <xsl:template match="fig-group">
    <div class="fig-group">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates select="fig | fig-group | table-wrap"/>
    </div>
  </xsl:template>

  <!-- The graphics a figure shows: each graphic, and the first graphic of each set of alternatives. -->
  <xsl:function name="f:fig-graphics" as="element()*">
    <xsl:param name="fig" as="element()?"/>
    <xsl:sequence select="$fig/graphic | $fig/alternatives/graphic[1]"/>
  </xsl:function>

  <xsl:template match="graphic">
    <img src="{f:figure-src(@xlink:href)}" alt="{f:alt-text(.)}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
    </img>
  </xsl:template>

  <!-- A graphic standing in the text (not in a figure or table) is a block of its own. -->
  <xsl:template match="graphic[not(ancestor::fig or ancestor::table-wrap)]">
    <div class="graphic">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <img src="{f:figure-src(@xlink:href)}" alt="{f:alt-text(.)}"/>
    </div>
  </xsl:template>

  <xsl:template match="inline-graphic">
    <img class="inline-graphic" src="{f:figure-src(@xlink:href)}"
         alt="{(normalize-space(alt-text)[. != ''], 'Inline image')[1]}"/>
  </xsl:template>

  <!-- Alt text: the graphic's own; the figure's when it has one graphic; else label, part and first caption sentence. -->
  <xsl:function name="f:alt-text" as="xs:string">
    <xsl:param name="g" as="element()"/>
    <xsl:variable name="holder" select="$g/ancestor::*[self::fig or self::table-wrap or self::supplementary-material][1]"/>
    <xsl:variable name="own" select="normalize-space($g/alt-text)"/>
    <xsl:variable name="holder-alt" select="if (count(f:fig-graphics($holder)) le 1) then normalize-space($holder/alt-text) else ''"/>
    <xsl:variable name="label" select="replace(normalize-space($holder/label), '[.:]$', '')"/>
    <xsl:variable name="kind" select="if ($holder/self::table-wrap) then 'Table' else if ($holder) then 'Figure'
                                      else if ($g/ancestor::disp-formula) then 'Formula' else 'Image'"/>
    <xsl:variable name="part" select="normalize-space($g/label)"/>
    <xsl:variable name="caption" select="f:first-sentence(f:plain(($holder/caption/title[normalize-space()], $holder/caption/p, $g/caption/title, $g/caption/p)[1]))"/>
    <xsl:variable name="name" select="string-join((($label[. != ''], $kind)[1], $part[. != ''] ! ('part ' || .)), ', ')"/>
    <xsl:sequence select="if ($own) then $own
                          else if ($holder-alt) then $holder-alt
                          else if ($caption) then $name || ': ' || $caption
                          else $name"/>
  </xsl:function>

  <xsl:template match="media">
    <div class="media">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label or caption"><xsl:call-template name="f:caption"/></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="supplementary-material">
    <div class="supplementary-material">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:caption"/>
      <xsl:apply-templates select="graphic | media | alternatives"/>
      <xsl:apply-templates select="* except (label, caption, graphic, media, alternatives, permissions, attrib, object-id)"/>
    </div>
  </xsl:template>
  <xsl:template match="inline-supplementary-material"><span class="supplementary"><xsl:apply-templates/></span></xsl:template>

  <!-- Alternatives outside figures and tables: the first form a browser can show. -->
  <xsl:template match="alternatives">
    <xsl:apply-templates select="(mml:math, table, graphic, inline-graphic, tex-math, textual-form, *)[1]"/>
  </xsl:template>
  <xsl:template match="textual-form"><span class="textual-form"><xsl:apply-templates/></span></xsl:template>

  <!-- ===== formulas ===== -->

  <xsl:template match="inline-formula">
    <span class="inline-formula">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="disp-formula">
    <div class="disp-formula">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <div class="formula"><xsl:apply-templates select="node() except label"/></div>
      <xsl:if test="label"><span class="formula-label"><xsl:apply-templates select="label/node()"/></span></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="disp-formula-group">
    <div class="disp-formula-group">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tex-math"><code class="tex-math"><xsl:value-of select="."/></code></xsl:template>

  <xsl:template match="mml:math">
    <xsl:apply-templates select="." mode="mathml"/>
  </xsl:template>

  <!-- MathML attributes that only describe layout. -->
  <xsl:variable name="f:mathml-attributes" as="xs:string*" select="('display', 'displaystyle', 'scriptlevel',
      'mathvariant', 'mathsize', 'mathcolor', 'mathbackground', 'dir', 'fence', 'separator', 'stretchy', 'symmetric',
      'largeop', 'movablelimits', 'accent', 'accentunder', 'lspace', 'rspace', 'minsize', 'maxsize', 'form',
      'linethickness', 'width', 'height', 'depth', 'voffset', 'notation', 'open', 'close', 'separators',
      'columnalign', 'rowalign', 'columnspan', 'rowspan', 'columnlines', 'rowlines', 'columnspacing', 'rowspacing',
      'frame', 'framespacing', 'equalrows', 'equalcolumns', 'align', 'alttext', 'numalign', 'denomalign', 'bevelled',
      'subscriptshift', 'superscriptshift', 'scriptminsize', 'scriptsizemultiplier', 'linebreak', 'columnwidth')"/>

  <xsl:template match="mml:*" mode="mathml">
    <xsl:element name="{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:apply-templates select="@*" mode="mathml"/>
      <xsl:if test="self::mml:math">
        <xsl:attribute name="display" select="if (ancestor::disp-formula) then 'block' else 'inline'"/>
      </xsl:if>
      <xsl:apply-templates mode="mathml"/>
    </xsl:element>
  </xsl:template>

  <!-- A semantics element shows its first child; annotations (which may hold HTML) never come through. -->
  <xsl:template match="mml:semantics" mode="mathml">
    <xsl:apply-templates select="(* except (mml:annotation, mml:annotation-xml))[1]" mode="mathml"/>
  </xsl:template>
  <xsl:template match="mml:annotation | mml:annotation-xml | mml:mglyph" mode="mathml"/>

  <xsl:template match="@*" mode="mathml">
    <xsl:if test="namespace-uri() = '' and local-name() = $f:mathml-attributes">
      <xsl:attribute name="{local-name()}" select="."/>
    </xsl:if>
  </xsl:template>

  <!-- Anything not MathML inside a formula: its text only. -->
  <xsl:template match="*" mode="mathml">
    <xsl:if test="normalize-space()">
      <mtext xmlns="http://www.w3.org/1998/Math/MathML"><xsl:value-of select="."/></mtext>
    </xsl:if>
  </xsl:template>
  <xsl:template match="text()" mode="mathml"><xsl:value-of select="."/></xsl:template>

</xsl:stylesheet>
