<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-display.xsl: what tables, figures and other displayed items are on both pages: table rows and cells,
  graphics and their alt text, captions, supplementary material, alternatives.
  Input:  table (thead, tbody, tr, th, td ...), graphic, inline-graphic, caption, media, supplementary-material,
          alternatives of a JATS article.
  Output: (mode "table") <tr>, <th scope> and <td>: every cell of a thead, and a th of a body row, is a header
          (an empty cell heads nothing: a td); spans kept; align and valign as classes (no inline style: the
          web page's Content-Security-Policy forbids it). (Default mode) <img src="<figures-dir><file>"> with
          alt text: the graphic's own, else the figure's, else "<Figure label>, part <x>: <first sentence of the
          caption>". The wrappers around a table or a figure are the layers' (a scrolling region on the web, a
          column or page-wide block in print).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- ===== tables ===== -->

  <xsl:template match="colgroup | col | thead | tbody | tfoot | tr" mode="table">
    <xsl:element name="{local-name()}">
      <xsl:if test="@span[matches(., '^\d+$')]"><xsl:attribute name="span" select="@span"/></xsl:if>
      <xsl:call-template name="f:align-class"/>
      <xsl:apply-templates select="*" mode="table"/>
    </xsl:element>
  </xsl:template>

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

  <xsl:template name="f:align-class">
    <xsl:variable name="classes" select="(@align[. = ('left', 'center', 'right', 'justify', 'char')] ! ('align-' || .),
                                          @valign[. = ('top', 'middle', 'bottom', 'baseline')] ! ('valign-' || .))"/>
    <xsl:if test="exists($classes)"><xsl:attribute name="class" select="string-join($classes, ' ')"/></xsl:if>
  </xsl:template>

  <!-- The number of columns of a table (its widest row, spans counted). -->
  <xsl:function name="f:column-count" as="xs:integer">
    <xsl:param name="table" as="element()?"/>
    <xsl:sequence select="max((0, for $tr in $table//tr return sum(for $c in $tr/(th | td) return
                          (xs:integer($c/@colspan[. castable as xs:integer]), 1)[1])))"/>
  </xsl:function>

  <!-- ===== captions ===== -->

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

  <!-- ===== graphics ===== -->

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

  <!-- ===== other displayed items ===== -->

  <xsl:template match="table-wrap-group">
    <div class="table-wrap-group">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="fig-group">
    <div class="fig-group">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates select="fig | fig-group | table-wrap"/>
    </div>
  </xsl:template>

  <xsl:template match="media">
    <div class="media">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label or caption"><xsl:call-template name="f:caption"/></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="inline-supplementary-material"><span class="supplementary"><xsl:apply-templates/></span></xsl:template>

  <!-- Alternatives outside figures and tables: the first form the page can show. -->
  <xsl:template match="alternatives">
    <xsl:apply-templates select="(mml:math, table, graphic, inline-graphic, tex-math, textual-form, *)[1]"/>
  </xsl:template>
  <xsl:template match="textual-form"><span class="textual-form"><xsl:apply-templates/></span></xsl:template>

</xsl:stylesheet>
