package dev.onramp.tck.apps.broken;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Would answer if its webapp had started; it must not. */
@WebServlet(name = "hello", urlPatterns = "/hello")
public class BrokenAppServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        // The class loader proves webapp-first loading: the WAR's copy of this class, not the test class path's.
        boolean fromWebApp = getClass().getClassLoader() == req.getServletContext().getClassLoader();
        resp.getWriter().print("hello from " + req.getContextPath() + " webapp-loaded=" + fromWebApp);
    }
}
