<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-front.xsl: the article's first page, and its key-points box.
  Input:  front/article-meta of a prepared JATS article (docs/jats-profile.md); the core's functions (names,
          ORCID URIs, dates and words of the house style) and the shared variables of jats-to-print.xsl.
  Output: <header class="first-page"> with, in the journal's order: the section banner (subject heading)
          and article type beside the copyright/licence note; the title; a side column with the authors
          (each with an ORCID iD link where they have one), the affiliations line "From the Department ...
          (M.C.P., S.K.V. e-mail), ...; ...", the history line, Epub, publication date and DOI; beside it
          the abstract (structured: its section labels as printed), the keywords and, where the journal places
          it there, the key-points box; the cite-as line, which the
          stylesheet sends to the foot of the page (called before the title, where the printed pages have it
          in reading order, so that it stays on the first page however long the front matter is).
          And <aside class="main-points"> for the body module.
  The side column and the abstract are the two cells of a CSS table: WeasyPrint breaks a table row over
  pages cleanly, where a flex row or a float of a very long author list would spill over later pages.

  Which of Epub and publication date are printed is the writer core's rule, the web page's too (core-dates.xsl):
  Epub only when the article has an electronic publication date other than the issue's date.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:p="urn:x-pipeline:print-functions"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:template name="p:first-page">
    <header class="first-page">
      <div class="banner">
        <div class="banner-kind">
          <xsl:for-each select="($meta/article-categories/subj-group[@subj-group-type = 'heading']/subject)[1]">
            <p class="section-heading">
              <xsl:call-template name="f:all-flags"><xsl:with-param name="of" select="$meta/article-categories"/></xsl:call-template>
              <xsl:value-of select="upper-case(f:text(.))"/>
            </p>
          </xsl:for-each>
          <xsl:for-each select="($meta/article-categories/subj-group[@subj-group-type = 'article-type']/subject)[1]">
            <p class="article-type"><xsl:value-of select="upper-case(f:text(.))"/></p>
          </xsl:for-each>
        </div>
        <xsl:for-each select="$meta/permissions[copyright-statement or license]">
          <div class="licence">
            <xsl:call-template name="f:flags"><xsl:with-param name="of" select=". | license"/></xsl:call-template>
            <xsl:for-each select="copyright-statement"><p><xsl:apply-templates/></p></xsl:for-each>
            <xsl:for-each select="license/license-p"><p><xsl:apply-templates/></p></xsl:for-each>
          </div>
        </xsl:for-each>
      </div>

      <!-- the cite-as line: a footnote of the first page (print.css), called here so that it is on that page -->
      <xsl:for-each select="($meta/custom-meta-group/custom-meta[normalize-space(meta-name) = 'citation']/meta-value)[1][normalize-space()]">
        <p class="cite-as"><b><xsl:value-of select="f:word('cite_as')"/></b><xsl:text> </xsl:text><xsl:apply-templates/></p>
      </xsl:for-each>
      <h1 class="article-title">
        <!-- markers on what the first page does not print where it is (journal-meta, the running head ...) -->
        <xsl:call-template name="f:flags">
          <xsl:with-param name="of" select="/article, /article/front, $meta, $meta/(title-group, contrib-group, custom-meta-group)"/>
        </xsl:call-template>
        <xsl:call-template name="f:all-flags">
          <xsl:with-param name="of" select="/article/front/journal-meta, $meta/(permissions/(* except (copyright-statement, license)),
              article-categories[not(subj-group[@subj-group-type = 'heading'])], title-group/alt-title,
              custom-meta-group/custom-meta[normalize-space(meta-name) != 'citation'])"/>
        </xsl:call-template>
        <xsl:apply-templates select="$meta/title-group/article-title/node()"/>
      </h1>
      <xsl:for-each select="$meta/title-group/subtitle">
        <p class="subtitle"><xsl:apply-templates/></p>
      </xsl:for-each>

      <div class="front-grid">
        <div class="front-side line-strip">
          <xsl:choose>
            <xsl:when test="count($authors) gt $p:authors-one-per-line">
              <xsl:call-template name="p:authors-run-on"/>
            </xsl:when>
            <xsl:when test="$authors">
              <ul class="authors">
                <xsl:for-each select="$authors">
                  <li class="author">
                    <xsl:call-template name="p:author-name"/>
                    <xsl:for-each select="f:orcid-uri(.)">
                      <xsl:text> </xsl:text>
                      <a class="orcid" href="{.}"><span class="orcid-icon">iD</span><span
                          class="orcid-url"><xsl:value-of select="."/></span></a>
                    </xsl:for-each>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:when>
          </xsl:choose>
          <xsl:call-template name="p:affiliations-line"/>
          <xsl:call-template name="p:history-line"/>
          <xsl:for-each select="$f:shown-epub-date">
            <p class="epub">
              <xsl:call-template name="f:all-flags"><xsl:with-param name="of" select="."/></xsl:call-template>
              <xsl:value-of select="f:word('epub') || ' ' || f:format-iso(f:iso-day(.), 'publication')"/>
            </p>
          </xsl:for-each>
          <xsl:if test="$f:issue-day">
            <p class="pub-date">
              <xsl:call-template name="f:all-flags">
                <xsl:with-param name="of" select="$meta/(pub-date except $f:shown-epub-date, volume, issue, fpage, lpage, elocation-id)"/>
              </xsl:call-template>
              <xsl:value-of select="f:word('publication_date') || ' ' || f:format-iso($f:issue-day, 'publication')"/>
            </p>
          </xsl:if>
          <xsl:if test="$doi != ''">
            <p class="doi">
              <xsl:call-template name="f:all-flags"><xsl:with-param name="of" select="$meta/article-id"/></xsl:call-template>
              <xsl:value-of select="f:word('doi')"/><xsl:text> </xsl:text>
              <xsl:call-template name="f:link">
                <xsl:with-param name="href" select="f:doi-url($doi)"/>
                <xsl:with-param name="content" select="$doi"/>
              </xsl:call-template>
            </p>
          </xsl:if>
          <xsl:call-template name="p:doi-line"/>
        </div>
        <div class="front-main line-strip">
          <xsl:apply-templates select="$meta/abstract[not(@abstract-type)]"/>
          <xsl:for-each select="($meta/kwd-group)[1][kwd]">
            <section class="keywords">
              <h2 class="abstract-label"><xsl:value-of select="f:word('keywords')"/></h2>
              <p>
                <xsl:call-template name="f:flags"/>
                <xsl:for-each select="kwd">
                  <xsl:if test="position() gt 1">, </xsl:if>
                  <xsl:apply-templates/>
                </xsl:for-each>
              </p>
            </section>
          </xsl:for-each>
          <xsl:if test="$f:style?key-points?placement = 'after-abstract'">
            <xsl:apply-templates select="$meta/abstract[@abstract-type = 'key-points']"/>
          </xsl:if>
        </div>
      </div>

    </header>
  </xsl:template>

  <!-- The main abstract: structured (section labels as printed: PURPOSE, METHODS ...) or plain paragraphs. -->
  <xsl:template match="abstract">
    <section class="abstract">
      <xsl:call-template name="f:flags"/>
      <xsl:variable name="own-title" select="title[normalize-space()][not(matches(normalize-space(.), '^abstract$', 'i'))]"/>
      <xsl:for-each select="$own-title">
        <h2 class="abstract-label"><xsl:apply-templates/></h2>
      </xsl:for-each>
      <!-- an abstract without sections is headed as the journal heads it ("ABSTRACT"), as a structured one is by
           its first label -->
      <xsl:if test="empty($own-title) and not(sec)">
        <h2 class="abstract-label"><xsl:value-of select="f:word('abstract')"/></h2>
      </xsl:if>
      <xsl:apply-templates select="* except (title, label)"/>
    </section>
  </xsl:template>

  <xsl:template match="abstract/sec">
    <section class="abstract-sec">
      <xsl:call-template name="f:flags"/>
      <h2 class="abstract-label"><xsl:apply-templates select="title/node()"/></h2>
      <xsl:apply-templates select="* except (title, label)"/>
    </section>
  </xsl:template>

  <!-- The history line in the journal's words ("Received 09 May 2023; ...; accepted 30 May 2023."). -->
  <xsl:template name="p:history-line">
    <xsl:variable name="line" select="f:history-line($meta/history)"/>
    <xsl:if test="$line">
      <p class="history">
        <xsl:call-template name="f:all-flags"><xsl:with-param name="of" select="$meta/history"/></xsl:call-template>
        <xsl:value-of select="$line"/>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- The affiliations of the article, in the order the author list first names them, then any others. -->
  <xsl:function name="p:affs-of" as="element(aff)*">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:variable name="all" select="$contrib/ancestor::article-meta//aff"/>
    <xsl:sequence select="($contrib/aff, for $rid in $contrib/xref[@ref-type = 'aff']/tokenize(normalize-space(@rid), ' ')
                                         return $all[@id = $rid],
                           (: one affiliation and no links: everyone's :)
                           $all[count($all) = 1][not($contrib/aff or $contrib/xref[@ref-type = 'aff'])])"/>
  </xsl:function>

  <!-- "From the Department of Medicine (M.C.P., S.K.V. name@example.org), Mayo Clinic, Minnesota, USA; ..." -->
  <xsl:template name="p:affiliations-line">
    <xsl:variable name="affs" as="element(aff)*">
      <xsl:for-each-group select="($authors ! p:affs-of(.), $meta//aff)" group-by="generate-id()">
        <xsl:sequence select="."/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:if test="exists($affs)">
      <p class="affiliations">
        <xsl:for-each select="$affs">
          <xsl:variable name="aff" select="."/>
          <xsl:variable name="members" select="$authors[some $a in p:affs-of(.) satisfies $a is $aff]"/>
          <xsl:if test="position() = 1">
            <xsl:call-template name="f:all-flags"><xsl:with-param name="of" select="$meta/author-notes"/></xsl:call-template>
            <xsl:value-of select="f:word('affiliations_lead') || ' '"/>
          </xsl:if>
          <xsl:call-template name="f:all-flags"/>
          <xsl:call-template name="p:aff-with-initials">
            <xsl:with-param name="members" select="$members"/>
          </xsl:call-template>
          <xsl:value-of select="if (position() = last()) then '.' else '; '"/>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- One affiliation with its authors' initials after the department (else after the first part). -->
  <xsl:template name="p:aff-with-initials">
    <xsl:param name="members" as="element(contrib)*"/>
    <xsl:variable name="parts" select="node()[not(self::label or self::sup[not(preceding-sibling::node()[normalize-space()])])]
                                       [not(self::processing-instruction())]"/>
    <xsl:variable name="anchor" select="($parts[self::institution[@content-type = 'dept']], $parts[self::institution])[1]"/>
    <xsl:variable name="marker" as="node()*">
      <xsl:if test="$members">
        <xsl:text> (</xsl:text>
        <xsl:for-each select="$members">
          <xsl:if test="position() gt 1">, </xsl:if>
          <xsl:value-of select="f:contrib-initials(.)"/>
          <xsl:variable name="email" select="p:email-of(.)"/>
          <xsl:if test="$email">
            <xsl:text> </xsl:text><a class="email" href="mailto:{$email}"><xsl:sequence select="p:breakable($email)"/></a>
          </xsl:if>
        </xsl:for-each>
        <xsl:text>)</xsl:text>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="text" select="replace(f:text($parts), '[\s.;,]+$', '')"/>
    <xsl:choose>
      <xsl:when test="$anchor">
        <xsl:value-of select="replace(f:text($parts[. &lt;&lt; $anchor] | $anchor), '^[\s,;]+', '')"/>
        <xsl:sequence select="$marker"/>
        <xsl:value-of select="replace(replace(string-join($parts[. >> $anchor] ! string(.), ''), '\s+', ' '), '[\s.;,]+$', '')"/>
      </xsl:when>
      <xsl:when test="contains($text, ', ')">
        <xsl:value-of select="substring-before($text, ', ')"/>
        <xsl:sequence select="$marker"/>
        <xsl:value-of select="', ' || substring-after($text, ', ')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$text"/>
        <xsl:sequence select="$marker"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An e-mail address that may break after its dots and its @ (<wbr>), as the printed pages break it, instead of
       pushing the words before it onto a line of their own ("Division of Abdominal ⏎ Imaging"). -->
  <xsl:function name="p:breakable" as="node()*">
    <xsl:param name="s" as="xs:string"/>
    <xsl:analyze-string select="$s" regex="[.@]+">
      <xsl:matching-substring><xsl:value-of select="."/><wbr/></xsl:matching-substring>
      <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:function>

  <!-- The corresponding author's e-mail: on the contrib, or in the corresp note it points at. -->
  <xsl:function name="p:email-of" as="xs:string?">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:variable name="notes" select="$contrib/ancestor::article-meta/author-notes/corresp"/>
    <xsl:variable name="linked" select="for $rid in $contrib/xref[@ref-type = 'corresp']/tokenize(normalize-space(@rid), ' ')
                                        return $notes[@id = $rid]"/>
    <xsl:variable name="found" select="($contrib/email, $linked/email,
                                        $notes[count($notes) = 1][$contrib/@corresp = 'yes']/email)[1]"/>
    <xsl:sequence select="normalize-space($found)[. != '']"/>
  </xsl:function>

  <!-- ===== authors ===== -->

  <!-- How many authors the side column prints one a line; a longer list runs on (house style first_page). -->
  <xsl:variable name="p:authors-one-per-line" as="xs:integer"
                select="xs:integer(($f:style?first-page?authors-one-per-line, 1000000)[1])"/>

  <xsl:template name="p:author-name">
    <span class="author-name">
      <xsl:value-of select="f:contrib-name(.)"/>
      <xsl:call-template name="f:flags"/>
      <xsl:call-template name="f:all-flags"><xsl:with-param name="of" select="* except aff"/></xsl:call-template>
    </span>
  </xsl:template>

  <!-- A long author list: the names run on, comma-separated, and the ORCID iDs follow in the list's order, each
       with its author's initials (the seed lists the iDs under the first page's front matter). -->
  <xsl:template name="p:authors-run-on">
    <p class="authors authors-run-on">
      <xsl:for-each select="$authors">
        <xsl:if test="position() gt 1">, </xsl:if>
        <xsl:call-template name="p:author-name"/>
      </xsl:for-each>
    </p>
    <xsl:variable name="with-orcid" select="$authors[exists(f:orcid-uri(.))]"/>
    <xsl:if test="$with-orcid">
      <ul class="orcid-list">
        <xsl:for-each select="$with-orcid">
          <li>
            <span class="orcid-initials"><xsl:value-of select="f:contrib-initials(.)"/></span>
            <xsl:text> </xsl:text>
            <a class="orcid" href="{f:orcid-uri(.)}"><span class="orcid-icon">iD</span><span
                class="orcid-url"><xsl:value-of select="f:orcid-uri(.)"/></span></a>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- "J Abbrev 2023; DOI: 10.1000/xyz": the house style's pattern, with the journal's
       abbreviated title, the issue's year and the DOI; printed only when all three are known. -->
  <xsl:template name="p:doi-line">
    <xsl:variable name="pattern" select="string(($f:style?first-page?doi-line, '')[1])"/>
    <xsl:variable name="abbrev" select="normalize-space((/article/front/journal-meta/journal-title-group/abbrev-journal-title[@abbrev-type = 'nlm-ta'],
                                         /article/front/journal-meta/journal-title-group/abbrev-journal-title,
                                         /article/front/journal-meta/journal-id[@journal-id-type = 'nlm-ta'])[1])"/>
    <xsl:variable name="year" select="(normalize-space($collection-date/year)[. != ''], substring($issue-date, 1, 4)[matches(., '^\d{4}$')])[1]"/>
    <xsl:if test="$pattern != '' and $abbrev != '' and $year and $doi != ''">
      <p class="doi-line">
        <xsl:value-of select="replace(replace(replace($pattern, '{journal}', $abbrev, 'q'), '{year}', $year, 'q'), '{doi}', $doi, 'q')"/>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ===== the key-points box ===== -->
  <!-- Its id names it in the float pass's decisions (pdf_floats.py: a box that would leave a column's foot blank
       moves after the paragraph that follows it). -->
  <xsl:template match="abstract[@abstract-type = 'key-points']">
    <aside class="main-points" id="{(@id, 'main-points')[1]}">
      <xsl:call-template name="f:flags"/>
      <h2><xsl:sequence select="f:key-points-title(.)"/></h2>
      <xsl:apply-templates select="* except (title, label)"/>
    </aside>
  </xsl:template>

</xsl:stylesheet>
